package org.partnerportal.nda.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.nda.repository.Collections;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One download through the portal's gate ({@code downloads}): who (subject, how authenticated, the
 * credential), when, from where (IP, User-Agent), the hash of what was served, and what let it
 * through ({@code nda} with its reference, {@code active}, {@code not-gated}). Written with its
 * DocumentDownloaded before the answer leaves.
 */
@MongoEntity(collection = Collections.DOWNLOADS)
public class DownloadRecord {

    @BsonId
    public String id;
    public String partnerId;
    public String documentId;
    public String title;
    public String downloadedBy;
    public String auth;
    public String credentialId;
    public Instant at;
    public String ip;
    public String userAgent;
    public String documentSha256;
    public String ndaReference;
    public String allowedBy;
    public List<Document> outbox = new ArrayList<>();
    public boolean outboxPending;
}

package org.partnerportal.nda.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.nda.repository.Collections;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One NDA signature record ({@code partnerNdaRequests}, {@code _id} = the reference): the whole
 * {@link Evidence}, its {@code hash} (over the evidence, linking {@code prevHash}), the issuer's
 * {@code seal} over that hash with the key {@code sealKeyId}, and {@code resetAt} when a demo reset
 * marked it (outside the hash: the record stays in the chain). The record and the outcome of the
 * signing ({@code outbox}) are one insert.
 */
@MongoEntity(collection = Collections.NDAS)
public class NdaRecord {

    @BsonId
    public String id;
    public String reference;
    public long seq;
    public String partnerId;
    public String partnerName;
    public String contactName;
    public String contactEmail;
    public String contactTitle;
    public String signature;
    public String ip;
    public String userAgent;
    public Instant signedAt;
    public String signedAtLocal;
    public String timeZone;
    public Instant expiresAt;
    public String templateVersion;
    public String lang;
    public String textSha256;
    public String consent;
    public String authMethod;
    public String credentialId;
    public String issuer;
    public String prevHash;
    public String hash;
    public String seal;
    public String sealKeyId;
    public Instant resetAt;
    /** Pending events in their BSON form ({@code OutboxEvent#toBson()}), where the relay looks for their {@code id}. */
    public List<Document> outbox = new ArrayList<>();
    public boolean outboxPending;

    /** A new record of {@code e}, whose hash is {@code hash}; sealed and given its events by the caller. */
    public static NdaRecord of(Evidence e, String hash) {
        NdaRecord r = new NdaRecord();
        r.id = e.reference();
        r.reference = e.reference();
        r.seq = e.seq();
        r.partnerId = e.partnerId();
        r.partnerName = e.partnerName();
        r.contactName = e.contactName();
        r.contactEmail = e.contactEmail();
        r.contactTitle = e.contactTitle();
        r.signature = e.signature();
        r.ip = e.ip();
        r.userAgent = e.userAgent();
        r.signedAt = e.signedAt();
        r.signedAtLocal = e.signedAtLocal();
        r.timeZone = e.timeZone();
        r.expiresAt = e.expiresAt();
        r.templateVersion = e.templateVersion();
        r.lang = e.lang();
        r.textSha256 = e.textSha256();
        r.consent = e.consent();
        r.authMethod = e.authMethod();
        r.credentialId = e.credentialId();
        r.issuer = e.issuer();
        r.prevHash = e.prevHash();
        r.hash = hash;
        return r;
    }

    /** The evidence as stored, to hash it again, check its seal or render its certificate. */
    public Evidence evidence() {
        return new Evidence(reference, seq, partnerId, partnerName, contactName, contactEmail, contactTitle, signature, ip,
                userAgent, signedAt, signedAtLocal, timeZone, expiresAt, templateVersion, lang, textSha256, consent, authMethod,
                credentialId, issuer, prevHash);
    }
}

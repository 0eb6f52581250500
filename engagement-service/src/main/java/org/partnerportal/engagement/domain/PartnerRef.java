package org.partnerportal.engagement.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * What this service knows of a partner, projected from {@code partner-events}: its name for
 * e-mails and whether it is archived, for the dashboard; from {@code nda-events} its portal key
 * version. {@code at} is the time of the event that
 * wrote it, so an older event arriving late cannot undo a newer one.
 */
@MongoEntity(collection = "partners")
public class PartnerRef {

    @BsonId
    public String id;
    public String name;
    public boolean archived;
    public boolean deleted;
    public Instant at;
    /** Set when partner-service created it as a demo partner (never changed later): a demo reset applies. */
    public boolean demo;
    /**
     * The partner's current portal key version, from nda-service's {@code PortalKeyRotated} (null:
     * never rotated, version 1). A portal link of an older version is refused here too.
     */
    public Long portalKeyVersion;
}

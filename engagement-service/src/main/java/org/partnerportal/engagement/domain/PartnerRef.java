package org.partnerportal.engagement.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * What this service knows of a partner, projected from {@code partner-events}: its name for
 * e-mails and whether it is archived, for the dashboard. {@code at} is the time of the event that
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
}

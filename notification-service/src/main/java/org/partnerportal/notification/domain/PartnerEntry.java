package org.partnerportal.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * What this service knows of a partner, projected from partner-events, nda-events and
 * engagement-events (event-carried state): its name for the admin alerts, and tier, stage, events
 * and primary contact to select the recipients of a mass mailing.
 */
@MongoEntity(collection = "partners")
public class PartnerEntry {

    @BsonId
    public String id;
    public String name;
    public String tier;
    public String stage;
    public String contactName;
    public String contactEmail;
    public boolean archived;
    public List<String> eventIds = new ArrayList<>();
    /** The partner's tags (slugs), from PartnerCreated/Updated: a mass mailing may select by them. */
    public List<String> tags = new ArrayList<>();
    /** The partner-service version of the last PartnerCreated/Updated applied; older ones are ignored. */
    public long version;
    public Instant updatedAt;
}

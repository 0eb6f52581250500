package org.partnerportal.nda.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * What nda-service knows of a partner, projected from partner-service's events: enough to address
 * a proposal and to pre-fill the NDA signer. {@code eventTime} is the time of the event last
 * applied; an event older than it is ignored, so out-of-order delivery cannot roll a name back.
 */
@MongoEntity(collection = "partners")
public class PartnerRef {

    @BsonId
    public String id;
    public String name;
    public Contact primaryContact;
    public String stage;
    public String tier;
    /** Set when partner-service flags the partner as demo data (resettable). */
    public Boolean demo;
    public Instant eventTime;
    public String eventId;
    public Instant updatedAt;

    public static class Contact {
        public String name;
        public String email;
    }
}

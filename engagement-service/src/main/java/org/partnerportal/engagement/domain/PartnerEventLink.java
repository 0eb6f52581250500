package org.partnerportal.engagement.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.common.outbox.OutboxEvent;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A partner's involvement in one event, the centre of the CRM: pipeline, revenue and follow-ups
 * all read from here. One per pair: the id is {@code partnerId::eventId}. A removed link stays as a
 * tombstone ({@code removed = true}) so that its EventPartnerRemoved can leave through the outbox
 * kept in this document.
 */
@MongoEntity(collection = "links")
public class PartnerEventLink {

    @BsonId
    public String id;
    public String partnerId;
    public String eventId;
    public String eventName;
    public int eventYear;
    /** {@code eventId#eventYear}, the seed's event-year access key. */
    public String eventIdYear;
    public String status;
    public String statusLabel;
    public String packageTier;
    public String packageTierLabel;
    public String role;
    public Long amountCents;
    public String followUpDate;
    public String notes;
    public boolean removed;
    public Instant removedAt;
    public String createdBy;
    public Instant createdAt;
    public String updatedBy;
    public Instant updatedAt;
    public long version;
    /**
     * Set by every write of the link, in that same single-document write, and cleared once the
     * dashboard rollup counts this version (see {@code RollupApplier}): a link left pending by a
     * crash is found and applied again.
     */
    public boolean rollupPending;
    /**
     * Pending events in their BSON form ({@link OutboxEvent#toBson()}): stored as plain documents
     * because the POJO codec would write an {@code OutboxEvent}'s {@code id} as {@code _id}, where
     * the relay does not look for it.
     */
    public List<Document> outbox = new ArrayList<>();
    /** Set with the events it queues, cleared by the relay once none is left ({@link org.partnerportal.common.outbox.Outbox}). */
    public boolean outboxPending;

    public static String idOf(String partnerId, String eventId) {
        return partnerId + "::" + eventId;
    }
}

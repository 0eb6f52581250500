package org.partnerportal.engagement.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.common.outbox.OutboxEvent;

import io.quarkus.mongodb.panache.common.MongoEntity;

/** A follow-up owed by someone: created by hand or from a meeting, done by an admin or the partner. */
@MongoEntity(collection = "actions")
public class ActionItem {

    public static final String OPEN = "open";
    public static final String DONE = "done";

    @BsonId
    public String id;
    public String partnerId;
    public String title;
    public String assignee;
    /** ISO date, or null. */
    public String dueDate;
    public String status = OPEN;
    public String meetingId;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public String completedBy;
    /** {@code admin}, {@code partner} or {@code portal}. */
    public String completedVia;
    public Instant completedAt;
    public long version;
    /**
     * Pending events in their BSON form ({@link OutboxEvent#toBson()}): stored as plain documents
     * because the POJO codec would write an {@code OutboxEvent}'s {@code id} as {@code _id}, where
     * the relay does not look for it.
     */
    public List<Document> outbox = new ArrayList<>();
    /** Set with the events it queues, cleared by the relay once none is left ({@link org.partnerportal.common.outbox.Outbox}). */
    public boolean outboxPending;
}

package org.partnerportal.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.common.outbox.OutboxEvent;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One message to one recipient, rendered when it was requested. {@code _id} is
 * {@code eventId:template:recipient}, so a redelivered event finds its row already there and
 * never produces a second message. The rendered body may hold a token link: it never leaves this
 * database (not in the API, not in an event).
 */
@MongoEntity(collection = "deliveries")
public class Delivery {

    @BsonId
    public String id;
    public String eventId;
    public String eventType;
    public String template;
    public String lang;
    public String recipient;
    /** The partner the message is about, whoever reads it. */
    public String partnerId;
    /** {@code partner} or {@code admin}: only the former is a touch with the partner. */
    public String audience;
    public String subject;
    public String textBody;
    public String htmlBody;
    public String status;
    public int attempts;
    public String lastError;
    public Instant nextAttemptAt;
    public Instant leaseUntil;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant sentAt;
    /** Files sent with the message (the NDA certificate); the content stays in this database. */
    public List<Attachment> attachments = new ArrayList<>();
    /** The mass mailing the row belongs to, if any. */
    public String mailingId;
    public List<OutboxEvent> outbox = new ArrayList<>();
    /** Set with the events it queues, cleared by the relay once none is left ({@link org.partnerportal.common.outbox.Outbox}). */
    public boolean outboxPending;

    public static String id(String eventId, String template, String recipient) {
        return eventId + ":" + template + ":" + recipient;
    }
}

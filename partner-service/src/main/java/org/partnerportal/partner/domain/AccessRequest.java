package org.partnerportal.partner.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.common.outbox.OutboxEvent;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * Somebody asking to become a partner user. While pending, {@code pendingKey} (e-mail + company)
 * is unique, so a second pending request for the same pair is refused by the database itself;
 * once reviewed the key is released.
 */
@MongoEntity(collection = "access_requests")
public class AccessRequest {

    @BsonId
    public String id;
    public String name;
    public String email;
    public String company;
    public String requestedPartnerId;
    public String message;
    /** The requester's language (en, ar), from the register page; the answer mail is written in it. */
    public String lang;
    public String status;
    public String pendingKey;
    public String partnerId;
    public String partnerName;
    public String reviewNotes;
    public String reviewedBy;
    public Instant reviewedAt;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;
    public List<OutboxEvent> outbox = new ArrayList<>();
    /** Set with the events it queues, cleared by the relay once none is left ({@link org.partnerportal.common.outbox.Outbox}). */
    public boolean outboxPending;

    public static String pendingKey(String email, String company) {
        return email + "|" + normalizeCompany(company);
    }

    public static String releasedKey(String id) {
        return "reviewed:" + id;
    }

    public static String normalizeCompany(String company) {
        return company.trim().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    public AccessStatus statusEnum() {
        return AccessStatus.of(status);
    }

    /** The language of the answer mail: the requester's, else English (requests from before languages were kept). */
    public String langOrDefault() {
        return lang != null ? lang : "en";
    }
}

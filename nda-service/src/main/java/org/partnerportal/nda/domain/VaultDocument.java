package org.partnerportal.nda.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;
import org.partnerportal.nda.repository.Collections;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A file or link of a partner's vault ({@code documents}). A file's bytes are the GridFS file
 * {@code fileId}; {@code size} and {@code sha256} are what was uploaded. {@code version} guards every
 * change; {@code history} holds the last audit entries; a removed document is a tombstone
 * ({@code removedAt}, {@code removedBy}) kept for the audit. {@code outbox} holds the events of
 * the last writes until the relay has published them.
 */
@MongoEntity(collection = Collections.DOCUMENTS)
public class VaultDocument {

    @BsonId
    public String id;
    public String partnerId;
    public String title;
    /** {@link VaultItem#FILE} or {@link VaultItem#LINK}. */
    public String kind;
    public boolean requiresNda;
    public String type;
    public String status;
    public String eventId;
    public String notes;
    public long version;
    public String createdBy;
    public Instant createdAt;
    public String updatedBy;
    public Instant updatedAt;
    public String filename;
    public String contentType;
    public Long size;
    public String sha256;
    public ObjectId fileId;
    public String url;
    public Instant removedAt;
    public String removedBy;
    public List<AuditEntry> history = new ArrayList<>();
    /** Pending events in their BSON form ({@code OutboxEvent#toBson()}), where the relay looks for their {@code id}. */
    public List<Document> outbox = new ArrayList<>();
    public boolean outboxPending;

    /** One audited change: who, when, {@code updated} or {@code removed}, which fields. */
    public static class AuditEntry {
        public Instant at;
        public String by;
        public String action;
        public List<String> fields = new ArrayList<>();

        public static AuditEntry of(Instant at, String by, String action, List<String> fields) {
            AuditEntry e = new AuditEntry();
            e.at = at;
            e.by = by;
            e.action = action;
            e.fields = fields;
            return e;
        }
    }

    /** The value of a field a merge patch may change, by its stored name. */
    public Object patchable(String field) {
        return switch (field) {
            case "title" -> title;
            case "type" -> type;
            case "status" -> status;
            case "eventId" -> eventId;
            case "notes" -> notes;
            case "requiresNda" -> requiresNda;
            case "url" -> url;
            default -> throw new IllegalArgumentException("Not a patchable field: " + field);
        };
    }
}

package org.partnerportal.engagement.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.common.outbox.OutboxEvent;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One external touch with a partner. Rows projected from another service's event take that
 * event's id as {@code _id}, so a redelivered event collides with its own row instead of adding
 * a second one; a logged communication with an external message id gets an id derived from it
 * for the same reason.
 */
@MongoEntity(collection = "timeline")
public class TimelineEntry {

    @BsonId
    public String id;
    public String partnerId;
    public String kind;
    public String title;
    public String detail;
    /** Who caused it (a user id or e-mail); null for system events. */
    public String actor;
    public Instant occurredAt;
    public Instant recordedAt;
    /** Where a projected row came from; null for manual entries. */
    public Source source;
    /** Set for kind {@code communication}. */
    public Communication communication;
    /** Set for kind {@code meeting}. */
    public Meeting meeting;
    /** Set for kind {@code decision}. */
    public Decision decision;
    /**
     * Pending events in their BSON form ({@link OutboxEvent#toBson()}): stored as plain documents
     * because the POJO codec would write an {@code OutboxEvent}'s {@code id} as {@code _id}, where
     * the relay does not look for it.
     */
    public List<Document> outbox = new ArrayList<>();
    /** Set with the events it queues, cleared by the relay once none is left ({@link org.partnerportal.common.outbox.Outbox}). */
    public boolean outboxPending;

    public static class Source {
        public String eventId;
        public String eventType;
        public String producer;

        public Source() {
        }

        public Source(String eventId, String eventType, String producer) {
            this.eventId = eventId;
            this.eventType = eventType;
            this.producer = producer;
        }
    }

    public static class Communication {
        public String subject;
        public String summary;
        public String channel;
        public String direction;
        public LocalDate followUpDate;
        public String externalMessageId;
        /** The seed's {@code source}: {@code manual}, or {@code email_sync} for a message a mail sync imported. */
        public String origin;
        /** The mail sync's provider ({@code gmail}, …) for an imported message; optional by hand. */
        public String sourceProvider;
        /** The provider's thread: imported messages of one conversation are grouped by it. */
        public String externalThreadId;
        /** The partnership event the communication is about, if any. */
        public String eventId;
        public String createdBy;
    }

    public static class Attendee {
        public String name;
        public String email;

        public Attendee() {
        }

        public Attendee(String name, String email) {
            this.name = name;
            this.email = email;
        }
    }

    public static class Meeting {
        public String title;
        public Instant startsAt;
        public List<Attendee> attendees = new ArrayList<>();
        public List<String> agenda = new ArrayList<>();
        public List<String> actionItemIds = new ArrayList<>();
        public String scheduledBy;
    }

    public static class Decision {
        public String title;
        public String rationale;
        public String decidedBy;
        public Instant decidedAt;
    }
}

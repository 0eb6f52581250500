package org.partnerportal.engagement.service;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.repository.TimelineRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns other services' public events into timeline rows. The row id is the event id, so the
 * at-least-once delivery of Kafka never shows a touch twice. Event types this projection does not
 * know are skipped (producers add types freely); a known type that lacks what the row needs is an
 * error and ends on the dead-letter topic.
 */
@ApplicationScoped
public class TimelineProjection {

    private static final Logger LOG = Logger.getLogger(TimelineProjection.class);

    private final TimelineRepository timeline;
    private final Clock clock;

    TimelineProjection(TimelineRepository timeline, Clock clock) {
        this.timeline = timeline;
        this.clock = clock;
    }

    public Uni<Void> apply(IncomingEvent event) {
        Optional<TimelineEntry> entry = toEntry(event);
        if (entry.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return timeline.insertOnce(entry.get())
                .invoke(written -> {
                    if (!written) {
                        LOG.debugf("Event %s (%s) is already on the timeline", event.id(), event.type());
                    }
                })
                .replaceWithVoid();
    }

    Optional<TimelineEntry> toEntry(IncomingEvent e) {
        if (e.name() == null) {
            return Optional.empty();
        }
        switch (e.name()) {
            case "PartnerCreated": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.PARTNER_CREATED, time(e, "createdAt"));
                t.title = "Partner " + required(e, "name") + " created";
                t.detail = joinNonNull(" · ", prefixed("Tier ", e.text("tier")), prefixed("Industry ", e.text("industry")));
                t.actor = e.text("createdBy");
                return Optional.of(t);
            }
            case "PartnerStageChanged": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.STAGE_CHANGED, time(e, "changedAt"));
                String from = e.text("from");
                t.title = "Stage moved " + (from == null ? "" : "from " + from + " ") + "to " + required(e, "to");
                t.detail = e.text("reason");
                t.actor = e.text("changedBy");
                return Optional.of(t);
            }
            case "AccessApproved": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.ACCESS_APPROVED, time(e, "reviewedAt"));
                String email = e.text("email");
                t.title = "Partner access approved for " + required(e, "name") + (email == null ? "" : " <" + email + ">");
                t.detail = e.text("notes");
                t.actor = e.text("reviewedBy");
                return Optional.of(t);
            }
            case "NotificationSent": {
                String partnerId = e.text("partnerId");
                if (partnerId == null || partnerId.isBlank()) {
                    // an e-mail to an admin or a requester without a partner: not a partner touch
                    return Optional.empty();
                }
                TimelineEntry t = base(e, partnerId, TimelineKind.EMAIL_SENT, time(e, "sentAt"));
                String subject = e.text("subject");
                t.title = "E-mail sent" + (subject == null ? "" : ": " + subject);
                t.detail = joinNonNull(" · ", prefixed("To ", e.text("recipient")), prefixed("Template ", e.text("template")));
                return Optional.of(t);
            }
            default:
                return Optional.empty();
        }
    }

    private TimelineEntry base(IncomingEvent e, String partnerId, TimelineKind kind, Instant occurredAt) {
        TimelineEntry t = new TimelineEntry();
        t.id = e.id();
        t.partnerId = partnerId;
        t.kind = kind.key();
        t.occurredAt = occurredAt != null ? occurredAt : e.time();
        t.recordedAt = clock.instant();
        t.source = new TimelineEntry.Source(e.id(), e.type(), e.source());
        return t;
    }

    private static String required(IncomingEvent e, String field) {
        String v = e.text(field);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no " + field);
        }
        return v;
    }

    private static Instant time(IncomingEvent e, String field) {
        var node = e.data().get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            // Jackson's numeric form: epoch seconds with a fraction
            return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
        }
        String v = node.asText();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("Event " + e.id() + " has an unreadable " + field + ": " + v, ex);
        }
    }

    private static String prefixed(String prefix, String value) {
        return value == null || value.isBlank() ? null : prefix + value;
    }

    private static String joinNonNull(String sep, String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null) {
                if (!sb.isEmpty()) {
                    sb.append(sep);
                }
                sb.append(p);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}

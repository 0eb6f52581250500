package org.partnerportal.engagement.service;

import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_COMPLETED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_ADDED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_REMOVED;
import static org.partnerportal.events.NdaEvents.DOCUMENT_ADDED;
import static org.partnerportal.events.NdaEvents.DOCUMENT_DOWNLOADED;
import static org.partnerportal.events.NdaEvents.NDA_SIGNED;
import static org.partnerportal.events.NdaEvents.PORTAL_ACCESS_GRANTED;
import static org.partnerportal.events.NdaEvents.PORTAL_VISITED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_INVITATION_SENT;
import static org.partnerportal.events.NdaEvents.PROPOSAL_ISSUED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_VIEWED;
import static org.partnerportal.events.NotificationEvents.NOTIFICATION_SENT;
import static org.partnerportal.events.PartnerEvents.ACCESS_APPROVED;
import static org.partnerportal.events.PartnerEvents.PARTNER_ARCHIVED;
import static org.partnerportal.events.PartnerEvents.PARTNER_CREATED;
import static org.partnerportal.events.PartnerEvents.PARTNER_INVITED;
import static org.partnerportal.events.PartnerEvents.PARTNER_RESTORED;
import static org.partnerportal.events.PartnerEvents.PARTNER_STAGE_CHANGED;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.partnerportal.common.events.EventHandlers;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.events.PartnerScoped;

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

    /**
     * A consumer's batch: the rows of all its events in one unordered insert (rows that exist
     * already are a redelivery and stay as they are). A known event that lacks what its row needs
     * fails the batch, and the caller applies the events one by one to dead-letter that one.
     */
    public Uni<Void> apply(List<IncomingEvent> events) {
        List<TimelineEntry> entries = new ArrayList<>();
        for (IncomingEvent e : events) {
            toEntry(e).ifPresent(entries::add);
        }
        return timeline.insertAllOnce(entries)
                .invoke(written -> {
                    if (written < entries.size()) {
                        LOG.debugf("%d of %d event(s) were already on the timeline", entries.size() - written, entries.size());
                    }
                })
                .replaceWithVoid();
    }

    Optional<TimelineEntry> toEntry(IncomingEvent e) {
        // MeetingScheduled, DecisionRecorded and CommunicationLogged are rows already; other types are no touch
        return Optional.ofNullable(rows.apply(e, null));
    }

    /** Each event type's row (null: none). */
    private final EventHandlers<TimelineEntry> rows = new EventHandlers<TimelineEntry>()
            .on(PARTNER_CREATED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.PARTNER_CREATED, p.createdAt());
                t.title = "Partner " + required(e, "name", p.name()) + " created";
                t.detail = joinNonNull(" · ", prefixed("Tier ", p.tier()), prefixed("Industry ", p.industry()));
                t.actor = p.createdBy();
                return t;
            })
            .on(PARTNER_STAGE_CHANGED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.STAGE_CHANGED, p.changedAt());
                t.title = "Stage moved " + (p.from() == null ? "" : "from " + p.from() + " ") + "to " + required(e, "to", p.to());
                t.detail = p.reason();
                t.actor = p.changedBy();
                return t;
            })
            .on(ACCESS_APPROVED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.ACCESS_APPROVED, p.reviewedAt());
                t.title = "Partner access approved for " + required(e, "name", p.name())
                        + (p.email() == null ? "" : " <" + p.email() + ">");
                t.detail = p.notes();
                t.actor = p.reviewedBy();
                return t;
            })
            .on(NOTIFICATION_SENT, (e, p) -> {
                if (p.partnerId() == null || p.partnerId().isBlank()) {
                    // an e-mail to an admin or a requester without a partner: not a partner touch
                    return null;
                }
                TimelineEntry t = base(e, p, TimelineKind.EMAIL_SENT, p.sentAt());
                t.title = "E-mail sent" + (p.subject() == null ? "" : ": " + p.subject());
                t.detail = joinNonNull(" · ", prefixed("To ", p.recipient()), prefixed("Template ", p.template()));
                return t;
            })
            .on(PARTNER_ARCHIVED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.PARTNER_ARCHIVED, p.archivedAt());
                t.title = "Partner " + nameOr(p.name()) + " archived";
                t.actor = p.archivedBy();
                return t;
            })
            .on(PARTNER_RESTORED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.PARTNER_RESTORED, p.restoredAt());
                t.title = "Partner " + nameOr(p.name()) + " restored";
                t.actor = p.restoredBy();
                return t;
            })
            .on(PARTNER_INVITED, (e, p) -> {
                // the register link stays out of the timeline
                TimelineEntry t = base(e, p, TimelineKind.PARTNER_INVITED, p.invitedAt());
                t.title = "Invited " + (p.name() == null ? "a contact" : p.name()) + (p.email() == null ? "" : " <" + p.email() + ">");
                t.actor = p.invitedBy();
                return t;
            })
            .on(PROPOSAL_ISSUED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.PROPOSAL_ISSUED, p.issuedAt());
                t.title = "Proposal link issued";
                t.detail = prefixed("Valid until ", text(p.expiresAt()));
                t.actor = p.issuedBy();
                return t;
            })
            .on(PROPOSAL_INVITATION_SENT, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.PROPOSAL_INVITATION_SENT, p.at());
                t.title = "Proposal invitation sent" + (p.recipient() == null ? "" : " to " + p.recipient());
                t.actor = p.sentBy();
                return t;
            })
            .on(PROPOSAL_VIEWED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.PROPOSAL_VIEWED, p.viewedAt());
                t.title = (p.first() ? "Proposal opened for the first time" : "Proposal viewed")
                        + (p.section() == null ? "" : ": " + p.section());
                t.detail = p.seconds() + " s on the section";
                return t;
            })
            .on(NDA_SIGNED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.NDA_SIGNED, p.signedAt());
                t.title = "NDA signed" + (p.reference() == null ? "" : " (" + p.reference() + ")");
                t.detail = joinNonNull(" · ", prefixed("By ", p.signerName()), p.signerTitle(),
                        prefixed("Valid until ", text(p.expiresAt())));
                t.actor = p.signerEmail();
                return t;
            })
            .on(PORTAL_ACCESS_GRANTED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.PORTAL_ACCESS_GRANTED, p.at());
                t.title = "Portal access granted" + (p.recipient() == null ? "" : " to " + p.recipient());
                t.actor = p.grantedBy();
                return t;
            })
            .on(DOCUMENT_ADDED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.DOCUMENT_ADDED, p.at());
                t.title = "Document added: " + nameOr(p.title());
                t.detail = p.requiresNda() ? "Requires a signed NDA" : null;
                return t;
            })
            .on(PORTAL_VISITED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.PORTAL_VISITED, p.at());
                t.title = "Portal visited";
                t.actor = p.visitedBy();
                return t;
            })
            .on(DOCUMENT_DOWNLOADED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.DOCUMENT_DOWNLOADED, p.at());
                t.title = "Document downloaded: " + nameOr(p.title());
                t.actor = p.downloadedBy();
                return t;
            })
            .on(EVENT_PARTNER_ADDED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.EVENT_LINKED, p.addedAt());
                t.title = "Added to " + nameOr(p.eventName()) + (p.eventYear() == 0 ? "" : " " + p.eventYear());
                t.detail = joinNonNull(" · ", prefixed("Status ", p.statusLabel()), prefixed("Tier ", p.packageTier()),
                        prefixed("Role ", p.role()));
                return t;
            })
            .on(EVENT_PARTNER_REMOVED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.EVENT_UNLINKED, p.removedAt());
                t.title = "Removed from " + nameOr(p.eventName());
                return t;
            })
            .on(ACTION_ITEM_COMPLETED, (e, p) -> {
                TimelineEntry t = base(e, p, TimelineKind.ACTION_COMPLETED, p.at());
                t.title = "Action item done: " + nameOr(p.title());
                t.detail = prefixed("Marked done via ", p.completedVia());
                t.actor = p.completedBy();
                return t;
            });

    private static String nameOr(String v) {
        return v == null || v.isBlank() ? "(untitled)" : v;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    /** The row every event makes: its partner (which the payload must name), kind and time. */
    private TimelineEntry base(IncomingEvent e, PartnerScoped payload, TimelineKind kind, Instant occurredAt) {
        TimelineEntry t = new TimelineEntry();
        t.id = e.id();
        t.partnerId = required(e, "partnerId", payload.partnerId());
        t.kind = kind.key();
        t.occurredAt = occurredAt != null ? occurredAt : e.time();
        t.recordedAt = clock.instant();
        t.source = new TimelineEntry.Source(e.id(), e.type(), e.source());
        return t;
    }

    private static String required(IncomingEvent e, String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no " + field);
        }
        return v;
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

package org.partnerportal.engagement.service;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
            case "PartnerArchived": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.PARTNER_ARCHIVED, time(e, "archivedAt"));
                t.title = "Partner " + nameOr(e, "name") + " archived";
                t.actor = e.text("archivedBy");
                return Optional.of(t);
            }
            case "PartnerRestored": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.PARTNER_RESTORED, time(e, "restoredAt"));
                t.title = "Partner " + nameOr(e, "name") + " restored";
                t.actor = e.text("restoredBy");
                return Optional.of(t);
            }
            case "PartnerInvited": {
                // the register link stays out of the timeline
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.PARTNER_INVITED, time(e, "invitedAt"));
                String email = e.text("email");
                t.title = "Invited " + (e.text("name") == null ? "a contact" : e.text("name"))
                        + (email == null ? "" : " <" + email + ">");
                t.actor = e.text("invitedBy");
                return Optional.of(t);
            }
            case "ProposalIssued": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.PROPOSAL_ISSUED, time(e, "issuedAt"));
                t.title = "Proposal link issued";
                t.detail = prefixed("Valid until ", e.text("expiresAt"));
                t.actor = e.text("issuedBy");
                return Optional.of(t);
            }
            case "ProposalInvitationSent": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.PROPOSAL_INVITATION_SENT, time(e, "at"));
                t.title = "Proposal invitation sent" + (e.text("recipient") == null ? "" : " to " + e.text("recipient"));
                t.actor = e.text("sentBy");
                return Optional.of(t);
            }
            case "ProposalViewed": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.PROPOSAL_VIEWED, time(e, "viewedAt"));
                boolean first = e.data().path("first").asBoolean(false) || e.data().path("firstView").asBoolean(false);
                String section = e.text("section");
                t.title = (first ? "Proposal opened for the first time" : "Proposal viewed")
                        + (section == null ? "" : ": " + section);
                String seconds = e.text("seconds");
                t.detail = seconds == null ? null : seconds + " s on the section";
                return Optional.of(t);
            }
            case "NdaSigned": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.NDA_SIGNED, time(e, "signedAt"));
                t.title = "NDA signed" + (e.text("reference") == null ? "" : " (" + e.text("reference") + ")");
                t.detail = joinNonNull(" · ", prefixed("By ", e.text("signerName")), e.text("signerTitle"),
                        prefixed("Valid until ", e.text("expiresAt")));
                t.actor = e.text("signerEmail");
                return Optional.of(t);
            }
            case "PortalAccessGranted": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.PORTAL_ACCESS_GRANTED, time(e, "at"));
                t.title = "Portal access granted" + (e.text("recipient") == null ? "" : " to " + e.text("recipient"));
                t.actor = e.text("grantedBy");
                return Optional.of(t);
            }
            case "DocumentAdded": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.DOCUMENT_ADDED, time(e, "at"));
                t.title = "Document added: " + nameOr(e, "title");
                t.detail = e.data().path("requiresNda").asBoolean(false) ? "Requires a signed NDA" : null;
                return Optional.of(t);
            }
            case "PortalVisited": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.PORTAL_VISITED, time(e, "at"));
                t.title = "Portal visited";
                t.actor = e.text("visitedBy");
                return Optional.of(t);
            }
            case "DocumentDownloaded": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.DOCUMENT_DOWNLOADED, time(e, "at"));
                t.title = "Document downloaded: " + nameOr(e, "title");
                t.actor = e.text("downloadedBy");
                return Optional.of(t);
            }
            case "EventPartnerAdded": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.EVENT_LINKED, time(e, "addedAt"));
                t.title = "Added to " + nameOr(e, "eventName") + yearOf(e);
                t.detail = joinNonNull(" · ", prefixed("Status ", e.text("statusLabel")),
                        prefixed("Tier ", e.text("packageTier")), prefixed("Role ", e.text("role")));
                return Optional.of(t);
            }
            case "EventPartnerRemoved": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.EVENT_UNLINKED, time(e, "removedAt"));
                t.title = "Removed from " + nameOr(e, "eventName");
                return Optional.of(t);
            }
            case "ActionItemCompleted": {
                TimelineEntry t = base(e, required(e, "partnerId"), TimelineKind.ACTION_COMPLETED, time(e, "at"));
                t.title = "Action item done: " + nameOr(e, "title");
                t.detail = prefixed("Marked done via ", e.text("completedVia"));
                t.actor = e.text("completedBy");
                return Optional.of(t);
            }
            default:
                // MeetingScheduled, DecisionRecorded and CommunicationLogged are rows already
                return Optional.empty();
        }
    }

    private static String nameOr(IncomingEvent e, String field) {
        String v = e.text(field);
        return v == null || v.isBlank() ? "(untitled)" : v;
    }

    private static String yearOf(IncomingEvent e) {
        String y = e.text("eventYear");
        return y == null || y.isBlank() || "0".equals(y) ? "" : " " + y;
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

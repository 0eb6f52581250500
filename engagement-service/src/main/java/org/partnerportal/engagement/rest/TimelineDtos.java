package org.partnerportal.engagement.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.service.CommunicationService;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public final class TimelineDtos {

    private TimelineDtos() {
    }

    public record LogCommunicationRequest(
            @NotBlank @Size(min = 1, max = 300) String subject,
            @Size(max = 5000) String summary,
            @NotNull @Pattern(regexp = "email|phone|meeting|whatsapp|linkedin|other",
                    message = "must be one of email, phone, meeting, whatsapp, linkedin, other") String channel,
            @NotNull @Pattern(regexp = "inbound|outbound", message = "must be inbound or outbound") String direction,
            @NotNull Instant occurredAt,
            LocalDate followUpDate,
            @Size(max = 500) String externalMessageId) {

        public CommunicationService.NewCommunication toCommand() {
            return new CommunicationService.NewCommunication(subject, summary, channel, direction, occurredAt,
                    followUpDate, externalMessageId);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceView(String eventId, String eventType, String producer) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommunicationView(String subject, String summary, String channel, String direction,
            LocalDate followUpDate, String externalMessageId, String origin, String createdBy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttendeeView(String name, String email) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MeetingView(String title, Instant startsAt, List<AttendeeView> attendees, List<String> agenda,
            List<String> actionItemIds, String scheduledBy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecisionView(String title, String rationale, String decidedBy, Instant decidedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineEntryView(String id, String partnerId, String kind, String title, String detail,
            String actor, Instant occurredAt, Instant recordedAt, SourceView source, CommunicationView communication,
            MeetingView meeting, DecisionView decision) {

        /** The whole entry, for the program's staff. */
        public static TimelineEntryView of(TimelineEntry t) {
            SourceView source = t.source == null ? null
                    : new SourceView(t.source.eventId, t.source.eventType, t.source.producer);
            var c = t.communication;
            CommunicationView comm = c == null ? null
                    : new CommunicationView(c.subject, c.summary, c.channel, c.direction, c.followUpDate, c.externalMessageId,
                            c.origin, c.createdBy);
            var m = t.meeting;
            MeetingView meeting = m == null ? null
                    : new MeetingView(m.title, m.startsAt,
                            m.attendees.stream().map(a -> new AttendeeView(a.name, a.email)).toList(), m.agenda,
                            m.actionItemIds, m.scheduledBy);
            var d = t.decision;
            DecisionView decision = d == null ? null : new DecisionView(d.title, d.rationale, d.decidedBy, d.decidedAt);
            return new TimelineEntryView(t.id, t.partnerId, t.kind, t.title, t.detail, t.actor, t.occurredAt,
                    t.recordedAt, source, comm, meeting, decision);
        }

        /**
         * The partner's own view (signed in or through its portal link): per kind, an explicit list
         * of what the partner may read; everything else stays with the team (reasons and notes,
         * rationale, who did it, recipients, the source event). The switch has no default, so a new
         * kind does not compile until it is decided here; a stored kind this build does not know
         * shows only its kind and time.
         */
        public static TimelineEntryView forPartner(TimelineEntry t) {
            TimelineKind kind = TimelineKind.ofKey(t.kind).orElse(null);
            if (kind == null) {
                return partner(t, null, null, null, null, null);
            }
            return switch (kind) {
                // title and the detail the partner gave or may see (tier, validity, section time, …)
                case PARTNER_CREATED, PROPOSAL_ISSUED, PROPOSAL_VIEWED, NDA_SIGNED, DOCUMENT_ADDED, ACTION_COMPLETED ->
                    partner(t, t.title, t.detail, null, null, null);
                // title only: the detail is a reason, a note or a recipient; the actor an admin's id
                case STAGE_CHANGED, EMAIL_SENT, PARTNER_ARCHIVED, PARTNER_RESTORED, DOCUMENT_DOWNLOADED, EVENT_LINKED,
                        EVENT_UNLINKED ->
                    partner(t, t.title, null, null, null, null);
                // the stored title names a recipient: a fixed one instead
                case ACCESS_APPROVED -> partner(t, "Partner access approved", null, null, null, null);
                case PARTNER_INVITED -> partner(t, "A contact was invited", null, null, null, null);
                case PROPOSAL_INVITATION_SENT -> partner(t, "Proposal invitation sent", null, null, null, null);
                case PORTAL_ACCESS_GRANTED -> partner(t, "Portal access granted", null, null, null, null);
                case COMMUNICATION -> partner(t, t.title, null, t.communication == null ? null
                        : new CommunicationView(t.communication.subject, null, t.communication.channel,
                                t.communication.direction, null, null, null, null), null, null);
                case MEETING -> partner(t, t.title, null, null, t.meeting == null ? null
                        : new MeetingView(t.meeting.title, t.meeting.startsAt,
                                t.meeting.attendees.stream().map(a -> new AttendeeView(a.name, null)).toList(),
                                t.meeting.agenda, null, null), null);
                case DECISION -> partner(t, t.title, null, null, null, t.decision == null ? null
                        : new DecisionView(t.decision.title, null, null, t.decision.decidedAt));
            };
        }

        private static TimelineEntryView partner(TimelineEntry t, String title, String detail, CommunicationView communication,
                MeetingView meeting, DecisionView decision) {
            return new TimelineEntryView(t.id, t.partnerId, t.kind, title, detail, null, t.occurredAt, null, null,
                    communication, meeting, decision);
        }
    }
}

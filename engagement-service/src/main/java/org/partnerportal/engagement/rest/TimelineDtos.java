package org.partnerportal.engagement.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.partnerportal.engagement.domain.Communications;
import org.partnerportal.engagement.domain.SyncStatus;
import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.service.CommunicationService;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.Valid;
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
            @Size(max = 500) String externalMessageId,
            @Size(max = 100) String eventId,
            @Pattern(regexp = "manual|email_sync", message = "must be manual or email_sync") String source,
            @Pattern(regexp = PROVIDER, message = PROVIDER_MESSAGE) String sourceProvider,
            @Size(max = 500) String externalThreadId) {

        public CommunicationService.NewCommunication toCommand() {
            return new CommunicationService.NewCommunication(subject, summary, channel, direction, occurredAt,
                    followUpDate, externalMessageId, eventId, source == null ? Communications.MANUAL : source,
                    sourceProvider, externalThreadId);
        }
    }

    static final String PROVIDER = "[a-z0-9][a-z0-9_-]{0,39}";
    static final String PROVIDER_MESSAGE = "must be a provider key such as gmail (lower-case letters, digits, _ and -; at most 40)";

    /** One message a mail sync found: always e-mail, always {@code email_sync}. */
    public record SyncedMessage(
            @NotBlank @Size(max = 100) String partnerId,
            @NotBlank @Size(max = 500) String externalMessageId,
            @Size(max = 500) String externalThreadId,
            @NotBlank @Size(max = 300) String subject,
            @Size(max = 5000) String summary,
            @NotNull @Pattern(regexp = "inbound|outbound", message = "must be inbound or outbound") String direction,
            @NotNull Instant occurredAt,
            LocalDate followUpDate,
            @Size(max = 100) String eventId) {

        public CommunicationService.NewCommunication toCommand(String provider) {
            return new CommunicationService.NewCommunication(subject, summary, "email", direction, occurredAt,
                    followUpDate, externalMessageId, eventId, Communications.EMAIL_SYNC, provider, externalThreadId);
        }
    }

    /**
     * One run of a mail sync: the messages it found (at most 200; none is fine) and, when the run
     * failed on the provider's side, its error, which the provider's status row keeps.
     */
    public record ImportRequest(
            @NotNull @Pattern(regexp = PROVIDER, message = PROVIDER_MESSAGE) String provider,
            @NotNull @Size(max = 200) List<@Valid @NotNull SyncedMessage> messages,
            @Size(max = 2000) String error) {
    }

    /** A mail sync provider's status row. */
    public record SyncStatusView(String provider, Instant lastRunAt, Instant lastSuccessAt, int lastReceived,
            int lastImported, int lastDuplicates, long totalImported, long runs, String lastError, Instant lastErrorAt) {

        public static SyncStatusView of(SyncStatus s) {
            return new SyncStatusView(s.provider, s.lastRunAt, s.lastSuccessAt, s.lastReceived, s.lastImported,
                    s.lastDuplicates, s.totalImported, s.runs, s.lastError, s.lastErrorAt);
        }
    }

    public record ThreadView(String threadId, String subject, int messages, Instant firstAt, Instant lastAt,
            List<TimelineEntryView> items) {
    }

    public record ThreadCount(String threadId, int messages, int imported) {
    }

    public record ImportResult(String provider, int received, int imported, int duplicates, List<ThreadCount> threads) {
    }

        @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceView(String eventId, String eventType, String producer) {
    }

    /** {@code source} is the seed's name for {@code origin} (both kept: {@code origin} was published first). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommunicationView(String subject, String summary, String channel, String direction,
            LocalDate followUpDate, String externalMessageId, String origin, String createdBy, String source,
            String sourceProvider, String externalThreadId, String eventId) {
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
                    : new CommunicationView(c.subject, c.summary, c.channel, c.direction, c.followUpDate,
                            c.externalMessageId, c.origin, c.createdBy, c.origin, c.sourceProvider, c.externalThreadId,
                            c.eventId);
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
                case STAGE_CHANGED, EMAIL_SENT, PARTNER_ARCHIVED, PARTNER_RESTORED, PORTAL_VISITED, DOCUMENT_DOWNLOADED, EVENT_LINKED,
                        EVENT_UNLINKED ->
                    partner(t, t.title, null, null, null, null);
                // the stored title names a recipient: a fixed one instead
                case ACCESS_APPROVED -> partner(t, "Partner access approved", null, null, null, null);
                case PARTNER_INVITED -> partner(t, "A contact was invited", null, null, null, null);
                case PROPOSAL_INVITATION_SENT -> partner(t, "Proposal invitation sent", null, null, null, null);
                case PORTAL_ACCESS_GRANTED -> partner(t, "Portal access granted", null, null, null, null);
                case COMMUNICATION -> partner(t, t.title, null, t.communication == null ? null
                        : new CommunicationView(t.communication.subject, null, t.communication.channel,
                                t.communication.direction, null, null, null, null, null, null, null, null), null, null);
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

package org.partnerportal.engagement.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.partnerportal.engagement.domain.Communications;
import org.partnerportal.engagement.domain.SyncStatus;
import org.partnerportal.engagement.domain.TimelineEntry;
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

        public static TimelineEntryView of(TimelineEntry t) {
            return of(t, false);
        }

        /**
         * The partner's own view (signed in or through its portal link): a communication's summary
         * holds the team's private notes and stays out of it.
         */
        public static TimelineEntryView forPartner(TimelineEntry t) {
            return of(t, true);
        }

        private static TimelineEntryView of(TimelineEntry t, boolean partnerView) {
            SourceView source = t.source == null ? null
                    : new SourceView(t.source.eventId, t.source.eventType, t.source.producer);
            var c = t.communication;
            CommunicationView comm = c == null ? null
                    : new CommunicationView(c.subject, partnerView ? null : c.summary, c.channel, c.direction,
                            c.followUpDate, c.externalMessageId, c.origin, c.createdBy, c.origin, c.sourceProvider,
                            c.externalThreadId, c.eventId);
            var m = t.meeting;
            MeetingView meeting = m == null ? null
                    : new MeetingView(m.title, m.startsAt,
                            m.attendees.stream().map(a -> new AttendeeView(a.name, a.email)).toList(), m.agenda,
                            m.actionItemIds, m.scheduledBy);
            var d = t.decision;
            DecisionView decision = d == null ? null : new DecisionView(d.title, d.rationale, d.decidedBy, d.decidedAt);
            String detail = partnerView && c != null ? null : t.detail;
            return new TimelineEntryView(t.id, t.partnerId, t.kind, t.title, detail, t.actor, t.occurredAt,
                    t.recordedAt, source, comm, meeting, decision);
        }
    }
}

package org.partnerportal.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The payloads published on {@code engagement-events}: what subscribers need without calling back,
 * and never a secret. The meeting agenda e-mail is not requested from here: notification-service
 * sends it from MeetingScheduled. A communication's free-text summary and a link's notes stay
 * in this service (they may hold private call notes). Schemas:
 * {@code META-INF/asyncapi/engagement-events/}.
 */
public final class EngagementEvents {

    public static final String TOPIC = "engagement-events";

    private EngagementEvents() {
    }

    public static final EventType<CommunicationLogged> COMMUNICATION_LOGGED =
            EventType.of("CommunicationLogged", 1, TOPIC, CommunicationLogged.class);
    public static final EventType<EventPartnerAdded> EVENT_PARTNER_ADDED =
            EventType.of("EventPartnerAdded", 1, TOPIC, EventPartnerAdded.class);
    public static final EventType<EventPartnerUpdated> EVENT_PARTNER_UPDATED =
            EventType.of("EventPartnerUpdated", 1, TOPIC, EventPartnerUpdated.class);
    public static final EventType<EventPartnerRemoved> EVENT_PARTNER_REMOVED =
            EventType.of("EventPartnerRemoved", 1, TOPIC, EventPartnerRemoved.class);
    public static final EventType<MeetingScheduled> MEETING_SCHEDULED =
            EventType.of("MeetingScheduled", 1, TOPIC, MeetingScheduled.class);
    public static final EventType<ActionItemChanged> ACTION_ITEM_CREATED =
            EventType.of("ActionItemCreated", 1, TOPIC, ActionItemChanged.class);
    public static final EventType<ActionItemChanged> ACTION_ITEM_UPDATED =
            EventType.of("ActionItemUpdated", 1, TOPIC, ActionItemChanged.class);
    public static final EventType<ActionItemChanged> ACTION_ITEM_COMPLETED =
            EventType.of("ActionItemCompleted", 1, TOPIC, ActionItemChanged.class);
    public static final EventType<DecisionRecorded> DECISION_RECORDED =
            EventType.of("DecisionRecorded", 1, TOPIC, DecisionRecorded.class);

    /** Every type published on {@value #TOPIC}. */
    public static final List<EventType<?>> ALL = List.of(
            COMMUNICATION_LOGGED,
            EVENT_PARTNER_ADDED,
            EVENT_PARTNER_UPDATED,
            EVENT_PARTNER_REMOVED,
            MEETING_SCHEDULED,
            ACTION_ITEM_CREATED,
            ACTION_ITEM_UPDATED,
            ACTION_ITEM_COMPLETED,
            DECISION_RECORDED);

    public record CommunicationLogged(String communicationId, String partnerId, String subject, String channel,
            String direction, Instant occurredAt, LocalDate followUpDate, String externalMessageId, String loggedBy,
            Instant loggedAt, String externalThreadId, String eventId, String source, String sourceProvider) implements PartnerScoped {
    }

    public record EventPartnerAdded(String linkId, String partnerId, String eventId, String eventName, int eventYear,
            String status, String statusLabel, String packageTier, String role, BigDecimal amount, String followUpDate,
            Instant addedAt) implements PartnerScoped {
    }

    public record EventPartnerUpdated(String linkId, String partnerId, String eventId, String eventName, int eventYear,
            String status, String statusLabel, String packageTier, String role, BigDecimal amount, String followUpDate,
            List<String> changedFields, Instant updatedAt) implements PartnerScoped {
    }

    public record EventPartnerRemoved(String linkId, String partnerId, String eventId, String eventName,
            Instant removedAt) implements PartnerScoped {
    }

    public record Attendee(String name, String email) {
    }

    public record MeetingScheduled(String meetingId, String partnerId, String title, Instant startsAt,
            List<Attendee> attendees, List<String> agenda, List<String> actionItemIds, String scheduledBy) implements PartnerScoped {
    }

    /** The shape of ActionItemCreated, ActionItemUpdated and ActionItemCompleted. */
    public record ActionItemChanged(String actionId, String partnerId, String title, String assignee, String dueDate,
            String status, String meetingId, String completedBy, String completedVia, Instant at) implements PartnerScoped {
    }

    public record DecisionRecorded(String decisionId, String partnerId, String title, String decidedBy,
            Instant decidedAt) implements PartnerScoped {
    }
}

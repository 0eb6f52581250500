package org.partnerportal.events;

import java.time.Instant;
import java.util.List;

/**
 * What this service publishes on {@code notification-events}, a public topic: the fact of a
 * message, never its body or a link (which may carry a token). Schemas:
 * {@code META-INF/asyncapi/notification-events/}.
 */
public final class NotificationEvents {

    public static final String TOPIC = "notification-events";

    private NotificationEvents() {
    }

    public static final EventType<NotificationSent> NOTIFICATION_SENT =
            EventType.of("NotificationSent", 1, TOPIC, NotificationSent.class);
    public static final EventType<NotificationFailed> NOTIFICATION_FAILED =
            EventType.of("NotificationFailed", 1, TOPIC, NotificationFailed.class);

    /** Every type published on {@value #TOPIC}. */
    public static final List<EventType<?>> ALL = List.of(
            NOTIFICATION_SENT,
            NOTIFICATION_FAILED);

    /**
     * {@code partnerId} is set only for a message to the partner's side (a touch for its timeline);
     * {@code relatedPartnerId} names the partner an admin alert is about as well.
     */
    public record NotificationSent(String deliveryId, String sourceEventId, String sourceEventType, String template,
            String lang, String partnerId, String relatedPartnerId, String audience, String recipient, String subject,
            int attempts, Instant sentAt) implements PartnerScoped {
    }

    public record NotificationFailed(String deliveryId, String sourceEventId, String sourceEventType, String template,
            String lang, String partnerId, String relatedPartnerId, String audience, String recipient, String subject,
            int attempts, String error, Instant failedAt) implements PartnerScoped {
    }
}

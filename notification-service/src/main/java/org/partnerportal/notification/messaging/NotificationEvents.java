package org.partnerportal.notification.messaging;

import java.time.Instant;

/**
 * What this service publishes on {@code notification-events}, a public topic: the fact of a
 * message, never its body or a link (which may carry a token). Schemas:
 * {@code src/main/resources/META-INF/asyncapi/notification-events/}.
 */
public final class NotificationEvents {

    public static final String TOPIC = "notification-events";

    private NotificationEvents() {
    }

    /**
     * {@code partnerId} is set only for a message to the partner's side (a touch for its timeline);
     * {@code relatedPartnerId} names the partner an admin alert is about as well.
     */
    public record NotificationSent(String deliveryId, String sourceEventId, String sourceEventType, String template,
            String lang, String partnerId, String relatedPartnerId, String audience, String recipient, String subject,
            int attempts, Instant sentAt) {
    }

    public record NotificationFailed(String deliveryId, String sourceEventId, String sourceEventType, String template,
            String lang, String partnerId, String relatedPartnerId, String audience, String recipient, String subject,
            int attempts, String error, Instant failedAt) {
    }
}

package org.partnerportal.events;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The private topic {@value #TOPIC}: e-mails a service asks notification-service to send whose
 * variables may hold a secret (a token link), read by notification-service alone. Its one schema,
 * {@code META-INF/asyncapi/notification-requests/NotificationRequested.v1.json}, is what
 * notification-service accepts from any producer (nda-service today).
 */
public final class NotificationRequests {

    public static final String TOPIC = "notification-requests";

    private NotificationRequests() {
    }

    public static final EventType<NotificationRequested> NOTIFICATION_REQUESTED =
            EventType.of("NotificationRequested", 1,
            TOPIC, NotificationRequested.class);

    /** Every type published on {@value #TOPIC}. */
    public static final List<EventType<?>> ALL = List.of(NOTIFICATION_REQUESTED);

    /** Who reads a message: the partner's side (a touch on its timeline) or the admins (an alert). */
    public static final String PARTNER = "partner";
    public static final String ADMIN = "admin";

    /**
     * {@code requestId}: the producer's idempotency key. The schema also accepts a recipient written
     * as a bare address, and {@code to}, the earlier name of {@code recipients}: {@link Upcasters}
     * reads both into this shape. Absent fields are left out, never sent as null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NotificationRequested(String requestId, String template, String lang, List<Recipient> recipients,
            String partnerId, String audience, Map<String, Object> variables,
            List<Attachment> attachments) implements PartnerScoped {
    }

    /** A mailbox; {@code name} fills the template's contactName, {@code lang} overrides the request's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipient(String email, String name, String lang) {

        public static Recipient of(String email) {
            return new Recipient(email, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attachment(String filename, String contentType, String base64) {
    }
}

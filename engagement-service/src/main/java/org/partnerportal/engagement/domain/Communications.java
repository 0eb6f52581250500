package org.partnerportal.engagement.domain;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/** The rules of a logged communication that hold whatever path it comes through. */
public final class Communications {

    public static final Set<String> CHANNELS = Set.of("email", "phone", "meeting", "whatsapp", "linkedin", "other");
    public static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");
    public static final String MANUAL = "manual";
    public static final String EMAIL_SYNC = "email_sync";
    public static final Set<String> SOURCES = Set.of(MANUAL, EMAIL_SYNC);

    private Communications() {
    }

    /**
     * The id of a communication that carries an external message id: the same message logged twice
     * for one partner (by hand and by a mail sync, or a retried request or import) maps to one row.
     * With a provider the key is provider + message id (two providers may reuse an id); without
     * one, the message id alone (as before providers were recorded).
     */
    public static String idFor(String partnerId, String provider, String externalMessageId) {
        if (externalMessageId == null) {
            return UUID.randomUUID().toString();
        }
        String key = provider == null ? partnerId + "\n" + externalMessageId
                : partnerId + "\n" + provider + "\n" + externalMessageId;
        return "msg-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}

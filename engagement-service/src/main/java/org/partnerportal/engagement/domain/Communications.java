package org.partnerportal.engagement.domain;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/** The rules of a logged communication that hold whatever path it comes through. */
public final class Communications {

    public static final Set<String> CHANNELS = Set.of("email", "phone", "meeting", "whatsapp", "linkedin", "other");
    public static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");

    private Communications() {
    }

    /**
     * The id of a communication that carries an external message id: the same message logged twice
     * for one partner (by hand and by a mail sync, or a retried request) maps to one row.
     */
    public static String idFor(String partnerId, String externalMessageId) {
        if (externalMessageId == null) {
            return UUID.randomUUID().toString();
        }
        return "msg-" + UUID.nameUUIDFromBytes((partnerId + "\n" + externalMessageId).getBytes(StandardCharsets.UTF_8));
    }
}

package org.partnerportal.notification.domain;

import java.util.Locale;

/** pending → sending → sent, or back to pending with a later attempt, or failed for good. */
public enum DeliveryStatus {
    PENDING, SENDING, SENT, FAILED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus of(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }
}

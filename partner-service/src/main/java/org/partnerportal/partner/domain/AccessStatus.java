package org.partnerportal.partner.domain;

import java.util.Arrays;
import java.util.Locale;

public enum AccessStatus {
    PENDING, APPROVED, DENIED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccessStatus of(String key) {
        return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown access status " + key));
    }
}

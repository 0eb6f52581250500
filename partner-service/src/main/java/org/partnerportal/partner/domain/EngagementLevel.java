package org.partnerportal.partner.domain;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How engaged a partner is, computed, never hand-set:
 * <ul>
 * <li>{@code high}: linked to 3 or more events, or offering 2 or more prizes, or contributing
 * 10,000 or more in total;</li>
 * <li>{@code medium}: linked to at least one event, or offering a prize, or contributing anything;</li>
 * <li>{@code low}: none of that yet.</li>
 * </ul>
 */
public enum EngagementLevel {
    LOW, MEDIUM, HIGH;

    static final int HIGH_EVENTS = 3;
    static final int HIGH_PRIZES = 2;
    static final BigDecimal HIGH_CONTRIBUTION = new BigDecimal("10000");

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EngagementLevel of(int events, int prizes, BigDecimal contribution) {
        BigDecimal total = contribution == null ? BigDecimal.ZERO : contribution;
        if (events >= HIGH_EVENTS || prizes >= HIGH_PRIZES || total.compareTo(HIGH_CONTRIBUTION) >= 0) {
            return HIGH;
        }
        if (events > 0 || prizes > 0 || total.signum() > 0) {
            return MEDIUM;
        }
        return LOW;
    }
}

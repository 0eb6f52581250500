package org.partnerportal.nda.ratelimit;

import java.time.Duration;

/**
 * One of seed 001's per-address budgets, {@code <count>/<ISO-8601 window>}, e.g. {@code 5/PT1H}
 * ({@code pp.attempt-limits.proposal-unlock}, {@code pp.attempt-limits.nda-submit}).
 */
record AttemptLimit(int count, Duration window) {

    static AttemptLimit parse(String spec) {
        String[] parts = spec.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("An attempt limit is <count>/<ISO-8601 duration>, not " + spec);
        }
        AttemptLimit limit = new AttemptLimit(Integer.parseInt(parts[0].trim()), Duration.parse(parts[1].trim()));
        if (limit.count() < 1 || limit.window().isNegative() || limit.window().isZero()) {
            throw new IllegalArgumentException("An attempt limit needs a positive count and window, not " + spec);
        }
        return limit;
    }
}

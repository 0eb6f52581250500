package org.partnerportal.nda.ratelimit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Seed 001's per-address budgets, held here, in the store that owns proposals and NDAs, so that they
 * hold however many gateway replicas stand in front: {@code <count>/<ISO-8601 window>}.
 */
@ConfigMapping(prefix = "pp.attempt-limits")
public interface AttemptLimits {

    /** Opening a proposal ({@code GET /api/proposals/{id}}), per client address. */
    @WithDefault("5/PT1H")
    String proposalUnlock();

    /** Submitting an NDA ({@code POST /api/proposals/{id}/nda}), per client address. */
    @WithDefault("3/PT1H")
    String ndaSubmit();

    /** A parsed budget. */
    record Limit(int count, Duration window) {

        static Limit parse(String spec) {
            String[] parts = spec.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("An attempt limit is <count>/<ISO-8601 duration>, not " + spec);
            }
            Limit limit = new Limit(Integer.parseInt(parts[0].trim()), Duration.parse(parts[1].trim()));
            if (limit.count() < 1 || limit.window().isNegative() || limit.window().isZero()) {
                throw new IllegalArgumentException("An attempt limit needs a positive count and window, not " + spec);
            }
            return limit;
        }
    }
}

package org.partnerportal.nda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Replaces the service's wall clock in tests: real time plus an offset that a test may move
 * forward (a token's expiry) or pin (exact evidence times); each such test resets it.
 */
public class TestClock extends Clock {

    private static volatile Duration offset = Duration.ZERO;
    private static volatile Instant fixed;

    public static void advance(Duration d) {
        offset = offset.plus(d);
    }

    public static void fix(Instant at) {
        fixed = at;
    }

    public static void reset() {
        offset = Duration.ZERO;
        fixed = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant f = fixed;
        return (f != null ? f : Instant.now()).plus(offset);
    }

    public static class Producer {
        @Produces
        @ApplicationScoped
        Clock clock() {
            return new TestClock();
        }
    }
}

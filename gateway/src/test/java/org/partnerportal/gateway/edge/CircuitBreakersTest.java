package org.partnerportal.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The circuit's states, with a clock the test moves: closed, open, half-open, and out of half-open. */
class CircuitBreakersTest {

    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final CircuitBreakers breakers = new CircuitBreakers(3, Duration.ofSeconds(10), clock);
    private static final String C = CircuitBreakers.circuit("nda-service", false);

    private void open() {
        for (int i = 0; i < 3; i++) {
            assertTrue(breakers.allow(C));
            breakers.failed(C);
        }
        assertFalse(breakers.allow(C), "open after three failures");
    }

    @Test
    void halfOpenThenClosedByASuccessfulTrial() {
        open();
        clock.now = clock.now.plusSeconds(10);
        assertTrue(breakers.allow(C), "half-open: one trial");
        assertFalse(breakers.allow(C), "only one trial at a time");
        breakers.succeeded(C);
        assertTrue(breakers.allow(C));
        assertTrue(breakers.allow(C), "closed");
    }

    @Test
    void halfOpenThenOpenAgainByAFailedTrial() {
        open();
        clock.now = clock.now.plusSeconds(10);
        assertTrue(breakers.allow(C));
        breakers.failed(C);
        assertFalse(breakers.allow(C), "open again");
        clock.now = clock.now.plusSeconds(9);
        assertFalse(breakers.allow(C), "for another open-for");
        clock.now = clock.now.plusSeconds(1);
        assertTrue(breakers.allow(C), "then half-open again");
    }

    @Test
    void aReleasedTrialLetsTheNextTrialGo() {
        open();
        clock.now = clock.now.plusSeconds(10);
        assertTrue(breakers.allow(C));
        breakers.released(C);
        assertTrue(breakers.allow(C), "the client's fault ended the trial; another may go");
    }

    @Test
    void publicAndSignedInCallersHaveCircuitsOfTheirOwn() {
        String pub = CircuitBreakers.circuit("nda-service", true);
        for (int i = 0; i < 3; i++) {
            breakers.allow(pub);
            breakers.failed(pub);
        }
        assertFalse(breakers.allow(pub));
        assertTrue(breakers.allow(C));
    }
}

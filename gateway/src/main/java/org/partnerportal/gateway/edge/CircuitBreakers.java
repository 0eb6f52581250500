package org.partnerportal.gateway.edge;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.partnerportal.gateway.config.GatewayConfig;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Circuits by service and audience ({@link #circuit}): public and token-link traffic has circuits
 * of its own, so anonymous callers can never pause a service for the signed-in people who work with
 * it. After {@code failureThreshold} consecutive failed calls a circuit opens: callers get 503 at
 * once instead of waiting on a service that is down. After {@code openFor} it is half-open: one trial
 * call goes through; its success closes the circuit, its failure opens it for another {@code openFor}.
 * <p>
 * Every call {@link #allow} let through ends in exactly one of {@link #succeeded}, {@link #failed} or
 * {@link #released} (a call that ended for a reason that says nothing about the service, e.g. a
 * client that did not send its body): each ends a trial, so a half-open circuit cannot stay stuck.
 */
@Singleton
public class CircuitBreakers {

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    private static final class Circuit {
        int failures;
        long openUntil;
        boolean trialInFlight;
    }

    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
    private final int threshold;
    private final long openForMs;
    private final Clock clock;

    @Inject
    CircuitBreakers(GatewayConfig config, Clock clock) {
        this(config.circuitBreaker().failureThreshold(), config.circuitBreaker().openFor(), clock);
    }

    CircuitBreakers(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openForMs = openFor.toMillis();
        this.clock = clock;
    }

    /** The circuit of a service for one audience: {@code <service>} or {@code <service>/public}. */
    public static String circuit(String service, boolean publicCaller) {
        return publicCaller ? service + "/public" : service;
    }

    /** Whether a call on the circuit may go out now (when half-open: the one trial). */
    public boolean allow(String circuit) {
        Circuit c = circuits.computeIfAbsent(circuit, s -> new Circuit());
        synchronized (c) {
            if (c.failures < threshold) {
                return true;
            }
            if (clock.millis() < c.openUntil || c.trialInFlight) {
                return false;
            }
            c.trialInFlight = true;
            return true;
        }
    }

    /** The service answered: the circuit closes. */
    public void succeeded(String circuit) {
        Circuit c = circuits.computeIfAbsent(circuit, s -> new Circuit());
        synchronized (c) {
            if (c.failures >= threshold) {
                LOG.infof("Circuit %s closed again", circuit);
            }
            c.failures = 0;
            c.trialInFlight = false;
        }
    }

    /** The service failed the call (refused, reset or closed the connection, or timed out). */
    public void failed(String circuit) {
        Circuit c = circuits.computeIfAbsent(circuit, s -> new Circuit());
        synchronized (c) {
            c.failures++;
            c.trialInFlight = false;
            if (c.failures >= threshold) {
                if (c.failures == threshold) {
                    LOG.warnf("Circuit %s opened after %d consecutive failures", circuit, threshold);
                }
                c.openUntil = clock.millis() + openForMs;
            }
        }
    }

    /** The call ended without telling anything about the service: nothing counts, a trial may go again. */
    public void released(String circuit) {
        Circuit c = circuits.get(circuit);
        if (c != null) {
            synchronized (c) {
                c.trialInFlight = false;
            }
        }
    }

    public long retryAfterSeconds() {
        return Math.max(1, openForMs / 1000);
    }
}

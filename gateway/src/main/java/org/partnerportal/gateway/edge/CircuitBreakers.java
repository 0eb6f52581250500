package org.partnerportal.gateway.edge;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.partnerportal.gateway.config.GatewayConfig;

import jakarta.inject.Singleton;

/**
 * One circuit per service. After {@code failureThreshold} consecutive connection failures or
 * timeouts it opens: callers get 503 at once instead of waiting on a service that is down. After
 * {@code openFor} one trial call goes through; its success closes the circuit again.
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

    CircuitBreakers(GatewayConfig config, Clock clock) {
        this.threshold = config.circuitBreaker().failureThreshold();
        this.openForMs = config.circuitBreaker().openFor().toMillis();
        this.clock = clock;
    }

    /** Whether a call to the service may go out now. */
    public boolean allow(String service) {
        Circuit c = circuits.computeIfAbsent(service, s -> new Circuit());
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

    public void succeeded(String service) {
        Circuit c = circuits.computeIfAbsent(service, s -> new Circuit());
        synchronized (c) {
            if (c.failures >= threshold) {
                LOG.infof("Circuit to %s closed again", service);
            }
            c.failures = 0;
            c.trialInFlight = false;
        }
    }

    public void failed(String service) {
        Circuit c = circuits.computeIfAbsent(service, s -> new Circuit());
        synchronized (c) {
            c.failures++;
            c.trialInFlight = false;
            if (c.failures >= threshold) {
                if (c.failures == threshold) {
                    LOG.warnf("Circuit to %s opened after %d consecutive failures", service, threshold);
                }
                c.openUntil = clock.millis() + openForMs;
            }
        }
    }

    public long retryAfterSeconds() {
        return Math.max(1, openForMs / 1000);
    }
}

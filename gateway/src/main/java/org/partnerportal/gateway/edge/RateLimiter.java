package org.partnerportal.gateway.edge;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.partnerportal.gateway.config.GatewayConfig;
import org.partnerportal.gateway.policy.RateClass;

import jakarta.inject.Singleton;

/**
 * Per client IP and rate class, a sliding-window log: a request is allowed when fewer than
 * {@code limit} requests of that class were allowed from that IP within the window. Exact under
 * parallel requests (each key's log is updated under its own lock). Limits live in this gateway
 * instance: with several replicas each keeps its own count.
 */
@Singleton
public class RateLimiter {

    /**
     * Allowed, or refused with how long until the oldest request in the window leaves it. An
     * allowed decision holds its place in the window ({@code key}, {@code at}) so that
     * {@link #giveBack} can return it.
     */
    public record Decision(boolean allowed, Duration retryAfter, String key, long at) {

        static final Decision UNLIMITED = new Decision(true, Duration.ZERO, null, 0);
    }

    record Limit(int count, Duration window) {
        static Limit parse(String spec) {
            String[] parts = spec.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("A rate limit is <count>/<ISO-8601 duration>, not " + spec);
            }
            return new Limit(Integer.parseInt(parts[0].trim()), Duration.parse(parts[1].trim()));
        }
    }

    private final Map<RateClass, Limit> limits = new EnumMap<>(RateClass.class);
    private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    RateLimiter(GatewayConfig config, Clock clock) {
        this.clock = clock;
        for (RateClass c : RateClass.values()) {
            String spec = config.rateLimits().get(c.key());
            if (spec != null && !spec.isBlank()) {
                limits.put(c, Limit.parse(spec));
            }
        }
    }

    public Decision acquire(RateClass rateClass, String clientIp) {
        Limit limit = limits.get(rateClass);
        if (limit == null) {
            return Decision.UNLIMITED;
        }
        long now = clock.millis();
        long windowMs = limit.window().toMillis();
        String key = rateClass.key() + '|' + clientIp;
        Deque<Long> log = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (log) {
            while (!log.isEmpty() && log.peekFirst() <= now - windowMs) {
                log.pollFirst();
            }
            if (log.size() >= limit.count()) {
                long retryMs = log.peekFirst() + windowMs - now;
                return new Decision(false, Duration.ofMillis(Math.max(1000, retryMs)), key, 0);
            }
            log.addLast(now);
            return new Decision(true, Duration.ZERO, key, now);
        }
    }

    /**
     * Returns an allowed request's place in its window: for a request that never reached the
     * service (unreachable, or its calls paused), so that our own outage does not use up a
     * partner's budget. A request that reached the service, or may have, keeps counting.
     */
    public void giveBack(Decision decision) {
        if (!decision.allowed() || decision.key() == null) {
            return;
        }
        Deque<Long> log = windows.get(decision.key());
        if (log != null) {
            synchronized (log) {
                // entries of the same millisecond are interchangeable: removing any one of them is exact
                log.removeLastOccurrence(decision.at());
            }
        }
    }

    /** Drops the logs of clients that went quiet, so memory follows the active clients only. */
    public void evictIdle() {
        long now = clock.millis();
        long longest = limits.values().stream().mapToLong(l -> l.window().toMillis()).max().orElse(0);
        windows.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long last = e.getValue().peekLast();
                return last == null || last <= now - longest;
            }
        });
    }

    int trackedClients() {
        return windows.size();
    }
}

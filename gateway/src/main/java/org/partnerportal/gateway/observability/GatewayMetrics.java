package org.partnerportal.gateway.observability;

import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.partnerportal.gateway.policy.RateClass;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The gateway's own metrics: every {@code /api} request by policy-table route (the path template,
 * never the raw path, so the series stay few), owning service and status; and the requests the
 * rate limits refused, by budget.
 */
@Singleton
public class GatewayMetrics {

    /** {@code pp_gateway_requests_seconds{method, route, upstream, status}}. */
    public static final String REQUESTS = "pp.gateway.requests";
    /** {@code pp_gateway_rate_limited_total{rate_class}}. */
    public static final String RATE_LIMITED = "pp.gateway.rate.limited";
    /** The route of a request that matched no policy-table row. */
    public static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RateClass rate : RateClass.values()) {
            if (rate != RateClass.NONE) {
                rateLimited(rate);
            }
        }
    }

    /** Like the services' metrics: {@code service=gateway} on every series. */
    @Produces
    @Singleton
    MeterFilter serviceTag(@ConfigProperty(name = "quarkus.application.name") String service) {
        return MeterFilter.commonTags(Tags.of("service", service));
    }

    public void request(String method, String route, String service, int status, long nanos) {
        Timer.builder(REQUESTS).description("API requests through the gateway, by route and status")
                .tags("method", method, "route", route, "upstream", service, "status", String.valueOf(status))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void refused(RateClass rate) {
        rateLimited(rate).increment();
    }

    private Counter rateLimited(RateClass rate) {
        return Counter.builder(RATE_LIMITED).description("Requests refused by a per-client rate limit")
                .tag("rate_class", rate.key()).register(registry);
    }
}

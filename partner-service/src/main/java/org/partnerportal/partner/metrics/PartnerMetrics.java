package org.partnerportal.partner.metrics;

import org.partnerportal.partner.domain.AccessStatus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * The business counters of partner-service, each counted once the write that records the fact
 * (with its outbox event) succeeded: a refused or duplicate request counts nothing. Registered at
 * start so that every series exists, at zero, before the first fact.
 */
@Startup
@Singleton
public class PartnerMetrics {

    /** {@code pp_access_requests_total{outcome=received|approved|denied}}. */
    public static final String ACCESS_REQUESTS = "pp.access.requests";
    /** {@code pp_partners_created_total}. */
    public static final String PARTNERS_CREATED = "pp.partners.created";

    private final Counter received;
    private final Counter approved;
    private final Counter denied;
    private final Counter created;

    PartnerMetrics(MeterRegistry registry) {
        received = accessRequests(registry, "received");
        approved = accessRequests(registry, "approved");
        denied = accessRequests(registry, "denied");
        created = Counter.builder(PARTNERS_CREATED).description("Partners created").register(registry);
    }

    private static Counter accessRequests(MeterRegistry registry, String outcome) {
        return Counter.builder(ACCESS_REQUESTS).tag("outcome", outcome)
                .description("Access requests received and reviewed").register(registry);
    }

    public void accessRequested() {
        received.increment();
    }

    /** A pending request reviewed: approved or denied. */
    public void accessReviewed(AccessStatus outcome) {
        (outcome == AccessStatus.APPROVED ? approved : denied).increment();
    }

    public void partnerCreated() {
        created.increment();
    }
}

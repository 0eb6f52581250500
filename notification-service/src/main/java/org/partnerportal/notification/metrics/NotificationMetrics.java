package org.partnerportal.notification.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * E-mails sent and failed for good, by template, each counted once the delivery row's final state
 * (with its NotificationSent / NotificationFailed event) is stored. A retried attempt counts
 * nothing until the delivery ends.
 */
@Singleton
public class NotificationMetrics {

    /** {@code pp_emails_total{outcome=sent|failed, template=<key>}}. */
    public static final String EMAILS = "pp.emails";

    private final MeterRegistry registry;

    NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void sent(String template) {
        count("sent", template);
    }

    public void failed(String template) {
        count("failed", template);
    }

    private void count(String outcome, String template) {
        Counter.builder(EMAILS).tag("outcome", outcome).tag("template", template == null ? "none" : template)
                .description("E-mails sent, or failed for good, by template").register(registry).increment();
    }
}

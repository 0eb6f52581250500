package org.partnerportal.common.observability;

import org.partnerportal.common.outbox.OutboxRelay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * {@code pp_outbox_backlog}: events written but not yet published by this service's relay. It
 * should hover near zero; a steady climb means Kafka is unreachable or the relay is off.
 */
@ApplicationScoped
public class OutboxBacklogGauge {

    public static final String NAME = "pp.outbox.backlog";

    void register(@Observes StartupEvent start, Instance<OutboxRelay> relays, MeterRegistry registry) {
        for (OutboxRelay relay : relays) {
            Gauge.builder(NAME, relay, OutboxRelay::lastBacklog)
                    .description("Outbox events written but not yet published to Kafka")
                    .register(registry);
        }
    }
}

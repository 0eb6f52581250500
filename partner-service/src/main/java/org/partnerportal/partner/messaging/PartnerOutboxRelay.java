package org.partnerportal.partner.messaging;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.partnerportal.common.outbox.OutboxRelay;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.partner.repository.AccessRequestRepository;
import org.partnerportal.partner.repository.PartnerRepository;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

@Singleton
public class PartnerOutboxRelay extends OutboxRelay {

    PartnerOutboxRelay(ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            @ConfigProperty(name = "pp.outbox.enabled") boolean enabled,
            @Channel(PartnerEvents.TOPIC) MutinyEmitter<String> partnerEvents) {
        super(mongo, database, List.of(PartnerRepository.COLLECTION, AccessRequestRepository.COLLECTION),
                Map.of(PartnerEvents.TOPIC, partnerEvents), "partner-service", enabled);
    }

    @Scheduled(every = "${pp.outbox.poll-interval}", delayed = "${pp.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return relayAll();
    }

    /** A pass that left events behind (Kafka unreachable) is tried again this soon, not at the next poll. */
    // not before the application runs: a trigger that fires while it starts would create this bean
    // before the messaging has connected its emitter (SRMSG00019, an ERROR at nearly every start)
    @Scheduled(every = "${pp.outbox.retry-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> retry() {
        return retryFailed();
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }
}

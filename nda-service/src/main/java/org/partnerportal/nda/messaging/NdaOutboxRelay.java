package org.partnerportal.nda.messaging;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.partnerportal.common.outbox.OutboxRelay;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.nda.repository.Collections;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

@Singleton
public class NdaOutboxRelay extends OutboxRelay {

    NdaOutboxRelay(ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            @ConfigProperty(name = "pp.outbox.enabled") boolean enabled,
            @Channel(NdaEvents.TOPIC) MutinyEmitter<String> ndaEvents,
            @Channel(NotificationRequests.TOPIC) MutinyEmitter<String> requests) {
        super(mongo, database, Collections.WITH_OUTBOX,
                Map.of(NdaEvents.TOPIC, ndaEvents, NotificationRequests.TOPIC, requests), "nda-service", enabled);
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

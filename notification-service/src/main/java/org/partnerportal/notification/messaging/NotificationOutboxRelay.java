package org.partnerportal.notification.messaging;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.partnerportal.common.outbox.OutboxRelay;
import org.partnerportal.events.NotificationEvents;
import org.partnerportal.notification.repository.DeliveryRepository;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Publishes NotificationSent / NotificationFailed from the outbox of each delivery row. */
@Singleton
public class NotificationOutboxRelay extends OutboxRelay {

    NotificationOutboxRelay(ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            @ConfigProperty(name = "pp.outbox.enabled") boolean enabled,
            @Channel(NotificationEvents.TOPIC) MutinyEmitter<String> notificationEvents) {
        super(mongo, database, List.of(DeliveryRepository.COLLECTION),
                Map.of(NotificationEvents.TOPIC, notificationEvents), "notification-service", enabled);
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

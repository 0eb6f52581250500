package org.partnerportal.engagement.messaging;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.partnerportal.common.outbox.OutboxRelay;
import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.TimelineRepository;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Singleton;

@Singleton
public class EngagementOutboxRelay extends OutboxRelay {

    EngagementOutboxRelay(ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            @ConfigProperty(name = "pp.outbox.enabled") boolean enabled,
            @Channel(EngagementEvents.TOPIC) MutinyEmitter<String> engagementEvents) {
        super(mongo, database,
                List.of(TimelineRepository.COLLECTION, LinkRepository.COLLECTION, ActionRepository.COLLECTION),
                Map.of(EngagementEvents.TOPIC, engagementEvents),
                "engagement-service", enabled);
    }

    @Scheduled(every = "${pp.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return relayAll();
    }
}

package org.partnerportal.engagement.messaging;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.partnerportal.common.outbox.OutboxRelay;
import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.engagement.service.RollupApplier;
import org.partnerportal.events.EngagementEvents;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

@Singleton
public class EngagementOutboxRelay extends OutboxRelay {

    private final RollupApplier rollup;

    EngagementOutboxRelay(ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            @ConfigProperty(name = "pp.outbox.enabled") boolean enabled,
            @Channel(EngagementEvents.TOPIC) MutinyEmitter<String> engagementEvents, RollupApplier rollup) {
        super(mongo, database,
                List.of(TimelineRepository.COLLECTION, LinkRepository.COLLECTION, ActionRepository.COLLECTION),
                Map.of(EngagementEvents.TOPIC, engagementEvents),
                "engagement-service", enabled);
        this.rollup = rollup;
    }

    /**
     * A link whose rollup marker is set and whose event's rollup counts the version the relay
     * read: the marker is cleared in the update that removes the published event, if the link is
     * still at that version (see {@code RollupApplier}).
     */
    @Override
    protected Uni<AlsoWhenSettled> alsoWhenSettled(String collection, Document doc) {
        if (!LinkRepository.COLLECTION.equals(collection) || !Boolean.TRUE.equals(doc.get("rollupPending"))) {
            return Uni.createFrom().nullItem();
        }
        long version = ((Number) doc.get("version")).longValue();
        return rollup.counts(doc.getString("eventId"), doc.getString("partnerId"), version)
                .map(counted -> counted ? new AlsoWhenSettled(LinkRepository.rollupPendingAt(version),
                        LinkRepository.CLEAR_ROLLUP_PENDING) : null)
                // the marker then stays for the rollup's heal; the event still leaves
                .onFailure().recoverWithNull();
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

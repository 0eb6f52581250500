package org.partnerportal.engagement.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.EventBatch;
import org.partnerportal.engagement.service.TimelineProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/** Projects this service's own {@code engagement-events} that are not rows already (event links, completed action items) into the timeline, so that a change made anywhere reaches it once, by the same idempotent path. */
@ApplicationScoped
public class OwnEventsConsumer {

    private final TimelineProjection projection;
    private final ObjectMapper mapper;

    OwnEventsConsumer(TimelineProjection projection, ObjectMapper mapper) {
        this.projection = projection;
        this.mapper = mapper;
    }

    @Incoming("engagement-events-timeline")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, projection::apply);
    }
}

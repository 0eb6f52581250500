package org.partnerportal.nda.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.EventBatch;
import org.partnerportal.nda.service.ActionItemProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads engagement-events into the action-item projection, a batch per poll; an unreadable record goes alone to the DLQ. */
@ApplicationScoped
public class EngagementEventsConsumer {

    private final ActionItemProjection projection;
    private final ObjectMapper mapper;

    EngagementEventsConsumer(ActionItemProjection projection, ObjectMapper mapper) {
        this.projection = projection;
        this.mapper = mapper;
    }

    @Incoming("engagement-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, projection::apply);
    }
}

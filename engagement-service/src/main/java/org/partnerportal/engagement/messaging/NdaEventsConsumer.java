package org.partnerportal.engagement.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.EventBatch;
import org.partnerportal.engagement.service.TimelineProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/** Projects {@code nda-events} (proposal, NDA, portal and vault touches) into the timeline. */
@ApplicationScoped
public class NdaEventsConsumer {

    private final TimelineProjection projection;
    private final ObjectMapper mapper;

    NdaEventsConsumer(TimelineProjection projection, ObjectMapper mapper) {
        this.projection = projection;
        this.mapper = mapper;
    }

    @Incoming("nda-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, projection::apply);
    }
}

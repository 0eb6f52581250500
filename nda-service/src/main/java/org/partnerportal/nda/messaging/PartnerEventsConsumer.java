package org.partnerportal.nda.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.EventBatch;
import org.partnerportal.nda.service.PartnerProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads {@code partner-events} into the partner projection, a poll at a time ({@code batch=true},
 * one bulk write per batch). A record that cannot be read, or fails on its own, goes alone to the
 * dead-letter topic ({@link EventBatch}).
 */
@ApplicationScoped
public class PartnerEventsConsumer {

    private final PartnerProjection projection;
    private final ObjectMapper mapper;

    PartnerEventsConsumer(PartnerProjection projection, ObjectMapper mapper) {
        this.projection = projection;
        this.mapper = mapper;
    }

    @Incoming("partner-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, projection::apply);
    }
}

package org.partnerportal.nda.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.nda.service.ActionItemProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads engagement-events into the action-item projection; an unreadable record goes to the DLQ. */
@ApplicationScoped
public class EngagementEventsConsumer {

    private final ActionItemProjection projection;
    private final ObjectMapper mapper;

    EngagementEventsConsumer(ActionItemProjection projection, ObjectMapper mapper) {
        this.projection = projection;
        this.mapper = mapper;
    }

    @Incoming("engagement-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> IncomingEvent.from(record, mapper)).chain(projection::apply);
    }
}

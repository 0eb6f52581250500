package org.partnerportal.nda.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.nda.service.PartnerProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads {@code partner-events} into the partner projection. A record that cannot be read fails
 * the returned Uni, which nacks it: the connector moves it to the dead-letter topic and goes on.
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
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> IncomingEvent.from(record, mapper))
                .chain(projection::apply);
    }
}

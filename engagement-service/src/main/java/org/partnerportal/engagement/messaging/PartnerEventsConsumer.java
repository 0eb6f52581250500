package org.partnerportal.engagement.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.engagement.service.PartnerProjection;
import org.partnerportal.engagement.service.TimelineProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Projects {@code partner-events} into the timeline and into the partner list the dashboard counts. A record that cannot be read fails the
 * returned Uni, which nacks it: the connector moves it to the dead-letter topic and goes on.
 */
@ApplicationScoped
public class PartnerEventsConsumer {

    private final TimelineProjection projection;
    private final PartnerProjection partners;
    private final ObjectMapper mapper;

    PartnerEventsConsumer(TimelineProjection projection, PartnerProjection partners, ObjectMapper mapper) {
        this.projection = projection;
        this.partners = partners;
        this.mapper = mapper;
    }

    @Incoming("partner-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> IncomingEvent.from(record, mapper))
                .call(projection::apply)
                .chain(partners::apply);
    }
}

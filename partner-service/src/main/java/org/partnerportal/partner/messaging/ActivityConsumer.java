package org.partnerportal.partner.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.partner.service.ActivityProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The events of engagement-, nda- and notification-service that change a partner, and partner-service's own
 * {@code AccessApproved} (which makes the membership). A record that cannot be read fails the
 * Uni, which nacks it: the connector moves it to the dead-letter topic and goes on.
 */
@ApplicationScoped
public class ActivityConsumer {

    private final ActivityProjection projection;
    private final ObjectMapper mapper;

    ActivityConsumer(ActivityProjection projection, ObjectMapper mapper) {
        this.projection = projection;
        this.mapper = mapper;
    }

    @Incoming("engagement-events")
    public Uni<Void> engagement(ConsumerRecord<String, String> record) {
        return apply(record);
    }

    @Incoming("nda-events")
    public Uni<Void> nda(ConsumerRecord<String, String> record) {
        return apply(record);
    }

    /** E-mails sent to the partner's side are a touch (see {@code Touches}). */
    @Incoming("notification-events")
    public Uni<Void> notification(ConsumerRecord<String, String> record) {
        return apply(record);
    }

    @Incoming("partner-events-in")
    public Uni<Void> own(ConsumerRecord<String, String> record) {
        return apply(record);
    }

    private Uni<Void> apply(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> IncomingEvent.from(record, mapper)).chain(projection::apply);
    }
}

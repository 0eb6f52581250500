package org.partnerportal.partner.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.EventBatch;
import org.partnerportal.partner.service.ActivityProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The events of engagement-, nda- and notification-service that change a partner, and partner-service's own
 * {@code AccessApproved} (which makes the membership). Each poll arrives as one batch
 * ({@code batch=true}) and is applied by {@link ActivityProjection} with one read and one bulk
 * write; a record that cannot be read, or that fails on its own, goes alone to the dead-letter
 * topic ({@link EventBatch}).
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
    public Uni<Void> engagement(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, projection::apply);
    }

    @Incoming("nda-events")
    public Uni<Void> nda(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, projection::apply);
    }

    /** E-mails sent to the partner's side are a touch (see {@code Touches}). */
    @Incoming("notification-events")
    public Uni<Void> notification(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, projection::apply);
    }

    @Incoming("partner-events-in")
    public Uni<Void> own(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, projection::apply);
    }
}

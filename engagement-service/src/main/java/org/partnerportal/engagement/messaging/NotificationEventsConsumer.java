package org.partnerportal.engagement.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.EventBatch;
import org.partnerportal.engagement.service.TimelineProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/** Projects {@code notification-events} (e-mails sent to a partner) into the timeline. */
@ApplicationScoped
public class NotificationEventsConsumer {

    private final TimelineProjection projection;
    private final ObjectMapper mapper;

    NotificationEventsConsumer(TimelineProjection projection, ObjectMapper mapper) {
        this.projection = projection;
        this.mapper = mapper;
    }

    @Incoming("notification-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, projection::apply);
    }
}

package org.partnerportal.engagement.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.EventBatch;
import org.partnerportal.engagement.service.PartnerProjection;
import org.partnerportal.engagement.service.TimelineProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Projects {@code partner-events} into the timeline and into the partner list the dashboard counts,
 * a poll at a time ({@code batch=true}): one insert of the batch's timeline rows, one bulk write of
 * its partner changes. A record that cannot be read, or fails on its own, goes alone to the
 * dead-letter topic ({@link EventBatch}).
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
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, events -> projection.apply(events).chain(() -> partners.apply(events)));
    }
}

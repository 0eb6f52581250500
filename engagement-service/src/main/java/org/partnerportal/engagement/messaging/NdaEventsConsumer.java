package org.partnerportal.engagement.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.partnerportal.common.events.EventBatch;
import org.partnerportal.engagement.service.DemoReset;
import org.partnerportal.engagement.service.PartnerProjection;
import org.partnerportal.engagement.service.TimelineProjection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Projects {@code nda-events}: proposal, NDA, portal and vault touches into the timeline, portal key
 * rotations into the partner projection, and a demo partner's reset into this service's data.
 */
@ApplicationScoped
public class NdaEventsConsumer {

    private final TimelineProjection projection;
    private final PartnerProjection partners;
    private final DemoReset demoReset;
    private final ObjectMapper mapper;

    NdaEventsConsumer(TimelineProjection projection, PartnerProjection partners, DemoReset demoReset, ObjectMapper mapper) {
        this.projection = projection;
        this.partners = partners;
        this.demoReset = demoReset;
        this.mapper = mapper;
    }

    @Incoming("nda-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        // the timeline rows in one insert; rotations and resets are rare, one at a time, in order
        return EventBatch.consume(batch, mapper, events -> projection.apply(events)
                .chain(() -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(e -> partners.applyNda(e).chain(() -> demoReset.apply(e)))
                        .collect().last().replaceWithVoid()));
    }
}

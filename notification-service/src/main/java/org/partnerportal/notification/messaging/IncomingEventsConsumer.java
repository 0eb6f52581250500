package org.partnerportal.notification.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.partnerportal.common.events.EventBatch;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.notification.domain.PartnerEntry;
import org.partnerportal.notification.service.DeliveryService;
import org.partnerportal.notification.service.EventMailRules;
import org.partnerportal.notification.service.MailRequest;
import org.partnerportal.notification.service.PartnerDirectory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns the events that warrant an e-mail into delivery rows, a poll at a time ({@code batch=true}).
 * The batch is acknowledged once its rows are stored; a record that cannot be read, or fails on its
 * own, goes alone to its dead-letter topic ({@link EventBatch}). A redelivered event finds its rows
 * already stored (their ids derive from the event id).
 */
@ApplicationScoped
public class IncomingEventsConsumer {

    private static final Logger LOG = Logger.getLogger(IncomingEventsConsumer.class);

    private final EventMailRules rules;
    private final DeliveryService deliveries;
    private final PartnerDirectory partners;
    private final ObjectMapper mapper;

    IncomingEventsConsumer(EventMailRules rules, DeliveryService deliveries, PartnerDirectory partners, ObjectMapper mapper) {
        this.rules = rules;
        this.deliveries = deliveries;
        this.partners = partners;
        this.mapper = mapper;
    }

    @Incoming("notification-requests")
    public Uni<Void> requests(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, this::apply);
    }

    @Incoming("partner-events")
    public Uni<Void> partnerEvents(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, this::apply);
    }

    @Incoming("nda-events")
    public Uni<Void> ndaEvents(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, this::apply);
    }

    @Incoming("engagement-events")
    public Uni<Void> engagementEvents(KafkaRecordBatch<String, String> batch) {
        return EventBatch.consume(batch, mapper, this::apply);
    }

    /**
     * First the projection (names, tiers, stages, events) of the whole batch in one read and one
     * bulk write, then the e-mails each event asks for, in order. An event the rules cannot read
     * fails the batch: {@link EventBatch} then applies the events one
     * by one and dead-letters that one alone.
     */
    Uni<Void> apply(List<IncomingEvent> events) {
        return partners.apply(events)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .chain(after -> {
                    List<Uni<Void>> mails = new ArrayList<>();
                    for (int i = 0; i < events.size(); i++) {
                        mails.add(mails(events.get(i), after.get(i)));
                    }
                    return mails.isEmpty() ? Uni.createFrom().voidItem()
                            : Multi.createFrom().iterable(mails).onItem().transformToUniAndConcatenate(u -> u)
                                    .collect().last().replaceWithVoid();
                });
    }

    private Uni<Void> mails(IncomingEvent event, PartnerEntry partner) {
        List<MailRequest> mails = rules.mailsFor(event, partner);
        if (mails.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LOG.debugf("Event %s (%s) asks for %d message(s)", event.id(), event.type(), mails.size());
        // a database hiccup is retried here; only what keeps failing reaches the dead-letter topic
        return deliveries.enqueue(event.id(), event.type(), mails)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .replaceWithVoid();
    }
}

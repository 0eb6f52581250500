package org.partnerportal.notification.messaging;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.notification.service.DeliveryService;
import org.partnerportal.notification.service.EventMailRules;
import org.partnerportal.notification.service.MailRequest;
import org.partnerportal.notification.service.PartnerDirectory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns the events that warrant an e-mail into delivery rows. The record is acknowledged once the
 * rows are stored; a record that cannot be read fails and goes to its dead-letter topic. A
 * redelivered event finds its rows already stored (their ids derive from the event id).
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
    public Uni<Void> requests(ConsumerRecord<String, String> record) {
        return handle(record);
    }

    @Incoming("partner-events")
    public Uni<Void> partnerEvents(ConsumerRecord<String, String> record) {
        return handle(record);
    }

    @Incoming("nda-events")
    public Uni<Void> ndaEvents(ConsumerRecord<String, String> record) {
        return handle(record);
    }

    @Incoming("engagement-events")
    public Uni<Void> engagementEvents(ConsumerRecord<String, String> record) {
        return handle(record);
    }

    private Uni<Void> handle(ConsumerRecord<String, String> record) {
        IncomingEvent event;
        try {
            event = IncomingEvent.from(record, mapper);
            if (event.data() == null || !event.data().isObject()) {
                throw new IllegalArgumentException("event " + event.id() + " carries no JSON object");
            }
        } catch (RuntimeException e) {
            return unreadable(record, e);
        }
        // first the projection (names, tiers, stages, events), then the e-mails the event asks for
        String partnerId = event.data().hasNonNull("partnerId") ? event.data().get("partnerId").asText() : event.subject();
        return partners.apply(event)
                .chain(() -> partners.find(partnerId))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .chain(partner -> {
                    List<MailRequest> mails;
                    try {
                        mails = rules.mailsFor(event, partner);
                    } catch (RuntimeException e) {
                        return unreadable(record, e);
                    }
                    if (mails.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.debugf("Event %s (%s) asks for %d message(s)", event.id(), event.type(), mails.size());
                    // a database hiccup is retried here; only what keeps failing reaches the dead-letter topic
                    return deliveries.enqueue(event.id(), event.type(), mails)
                            .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                            .replaceWithVoid();
                });
    }

    private static Uni<Void> unreadable(ConsumerRecord<String, String> record, RuntimeException e) {
        LOG.warnf("Unreadable record %s@%d:%d goes to the dead-letter topic: %s", record.topic(), record.partition(),
                record.offset(), e.getMessage());
        return Uni.createFrom().failure(e);
    }
}

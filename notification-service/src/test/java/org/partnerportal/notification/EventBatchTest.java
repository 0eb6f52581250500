package org.partnerportal.notification;

import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_ADDED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_REMOVED;
import static org.partnerportal.events.PartnerEvents.PARTNER_CREATED;
import static org.partnerportal.events.PartnerEvents.PARTNER_DELETED;
import static org.partnerportal.events.PartnerEvents.PARTNER_UPDATED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.events.EventType;
import org.partnerportal.notification.domain.PartnerEntry;
import org.partnerportal.notification.repository.PartnerRepository;
import org.partnerportal.notification.service.PartnerDirectory;
import org.partnerportal.testsupport.EventFixtures;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The consumers' batches ({@code batch=true}): the partner projection of a batch in one read and
 * one ordered bulk write, each partner's events in order, idempotently, and what the e-mail rules
 * see of a partner is its state right after that event; a poison record goes to the dead-letter
 * topic alone.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class EventBatchTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Inject
    PartnerDirectory directory;

    @Inject
    PartnerRepository partners;

    @Inject
    CommandCounter commands;

    /** As the consumer reads it: {@code type}'s sample with {@code fields} laid over it, held to the schema. */
    private static IncomingEvent event(String partnerId, EventType<?> type, String fields) {
        return IncomingEvent.read(UUID.randomUUID().toString(), type.ceType(), partnerId, Instant.now(),
                "/partner-portal/test", EventFixtures.json(type, fields), JSON);
    }

    private PartnerEntry stored(String id) {
        return partners.findById(id).await().atMost(WITHIN);
    }

    private List<PartnerEntry> apply(List<IncomingEvent> batch) {
        return directory.apply(batch).await().atMost(WITHIN);
    }

    @Test
    void aBatchOfInterleavedPartnersAppliesEachPartnersEventsInOrderAndOnce() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        List<IncomingEvent> batch = List.of(
                event(a, PARTNER_CREATED, "{\"partnerId\":\"" + a + "\",\"name\":\"Alpha\",\"tier\":\"gold\",\"stage\":\"draft\"}"),
                event(b, PARTNER_CREATED, "{\"partnerId\":\"" + b + "\",\"name\":\"Beta\",\"tier\":\"silver\",\"stage\":\"draft\"}"),
                event(a, EVENT_PARTNER_ADDED, "{\"partnerId\":\"" + a + "\",\"eventId\":\"ev-1\"}"),
                event(a, PARTNER_UPDATED, "{\"partnerId\":\"" + a + "\",\"name\":\"Alpha Two\",\"tier\":\"gold\",\"stage\":\"draft\",\"version\":2}"),
                event(a, EVENT_PARTNER_REMOVED, "{\"partnerId\":\"" + a + "\",\"eventId\":\"ev-1\"}"),
                // older than the update before it: changes nothing
                event(a, PARTNER_UPDATED, "{\"partnerId\":\"" + a + "\",\"name\":\"Stale\",\"tier\":\"bronze\",\"version\":1}"),
                event(b, PARTNER_DELETED, "{\"partnerId\":\"" + b + "\"}"),
                event(a, EVENT_PARTNER_ADDED, "{\"partnerId\":\"" + a + "\",\"eventId\":\"ev-2\"}"));
        List<PartnerEntry> seen = apply(batch);

        PartnerEntry pa = stored(a);
        assertEquals("Alpha Two", pa.name);
        assertEquals("gold", pa.tier);
        assertEquals(2, pa.version);
        assertEquals(List.of("ev-2"), pa.eventIds);
        assertNull(stored(b), "created, then deleted");
        // what the e-mail rules see with each event: the partner as that event left it
        assertEquals("Alpha", seen.get(0).name);
        assertEquals("Alpha Two", seen.get(3).name);
        assertNull(seen.get(6));

        // the same batch again (a redelivery): the same state, the document not even touched
        Instant projectedAt = pa.updatedAt;
        apply(batch);
        pa = stored(a);
        assertEquals(projectedAt, pa.updatedAt, "a PartnerUpdated already applied is not applied again");
        assertEquals("Alpha Two", pa.name);
        assertEquals(2, pa.version);
        assertEquals(List.of("ev-2"), pa.eventIds);
        assertNull(stored(b));
    }

    @Test
    void aPoisonRecordInsideABatchIsDeadLetteredAloneAndTheOthersApplied() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String created = PARTNER_CREATED.ceType();
        KafkaEvents.Outgoing unreadable = KafkaEvents.Outgoing.breakingContract(a, created, "{not json");
        KafkaEvents.Outgoing notAnObject = KafkaEvents.Outgoing.breakingContract(b, created, "[\"a\", \"list\"]");
        KafkaEvents.publishAll("partner-events", List.of(
                KafkaEvents.Outgoing.of(PARTNER_CREATED, a, "{\"partnerId\":\"" + a + "\",\"name\":\"Good A\"}"),
                unreadable, notAnObject,
                KafkaEvents.Outgoing.of(PARTNER_CREATED, b, "{\"partnerId\":\"" + b + "\",\"name\":\"Good B\"}")));

        await().atMost(WITHIN).until(() -> stored(a) != null && stored(b) != null);
        List<KafkaEvents.Recorded> dead = KafkaEvents.await("partner-events.notification-service.dlq",
                r -> a.equals(r.key()) || b.equals(r.key()), 2, WITHIN);
        assertEquals(List.of(unreadable.id(), notAnObject.id()).stream().sorted().toList(),
                dead.stream().map(KafkaEvents.Recorded::id).sorted().toList(), "only the two poison records");
    }

    /**
     * The store round trips of the partner projection for N partner events of N partners: one at a
     * time and as one batch. Printed for deploy/bench/README.md; the assertion is a count.
     */
    @Test
    void aBatchCostsTheSameRoundTripsWhateverItsSize() {
        long oneByOne1 = oneByOne(1);
        long oneByOne100 = oneByOne(100);
        long batch1 = batch(1);
        long batch100 = batch(100);
        System.out.printf("notification-service IncomingEventsConsumer (partner projection) round trips: one at a time "
                + "N=1: %d, N=100: %d; one batch N=1: %d, N=100: %d%n", oneByOne1, oneByOne100, batch1, batch100);
        assertEquals(2 * 100, oneByOne100, "one read and one write per record");
        assertEquals(2, batch1, "one read and one bulk write");
        assertEquals(batch1, batch100, "a batch of 100 costs what a batch of one costs");
    }

    private long oneByOne(int n) {
        List<IncomingEvent> events = created(n);
        commands.start();
        events.forEach(e -> apply(List.of(e)));
        commands.stop();
        return partnerCommands();
    }

    private long batch(int n) {
        List<IncomingEvent> events = created(n);
        commands.start();
        apply(events);
        commands.stop();
        return partnerCommands();
    }

    private static List<IncomingEvent> created(int n) {
        List<IncomingEvent> out = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> {
            String id = UUID.randomUUID().toString();
            out.add(event(id, PARTNER_CREATED, "{\"partnerId\":\"" + id + "\",\"name\":\"Counted " + i + "\"}"));
        });
        return out;
    }

    private long partnerCommands() {
        return commands.count(c -> "partners".equals(c.collection()) && !c.mentions("outbox.0"));
    }
}

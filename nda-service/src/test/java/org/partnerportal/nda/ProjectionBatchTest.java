package org.partnerportal.nda;

import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_COMPLETED;
import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_CREATED;
import static org.partnerportal.events.PartnerEvents.PARTNER_CREATED;
import static org.partnerportal.events.PartnerEvents.PARTNER_STAGE_CHANGED;
import static org.partnerportal.events.PartnerEvents.PARTNER_UPDATED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.events.EventType;
import org.partnerportal.nda.domain.PartnerRef;
import org.partnerportal.nda.domain.ActionItemRef;
import org.partnerportal.nda.repository.ActionItemRepository;
import org.partnerportal.nda.repository.PartnerRefRepository;
import org.partnerportal.nda.service.ActionItemProjection;
import org.partnerportal.nda.service.PartnerProjection;
import org.partnerportal.testsupport.EventFixtures;
import org.partnerportal.testsupport.KafkaEvents;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The consumers' batches ({@code batch=true}): one ordered bulk write per batch, each partner's
 * (and action item's) events in order, idempotently; a stale event inside a batch is skipped and
 * the ones after it applied; a poison record goes to the dead-letter topic alone.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class ProjectionBatchTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Inject
    PartnerProjection projection;

    @Inject
    ActionItemProjection actions;

    @Inject
    PartnerRefRepository partners;

    @Inject
    ActionItemRepository actionItems;

    @Inject
    CommandCounter commands;

    /** As the consumer reads it: {@code type}'s sample with {@code fields} laid over it, held to the schema. */
    private static IncomingEvent event(String partnerId, EventType<?> type, Instant at, String fields) {
        return IncomingEvent.read(UUID.randomUUID().toString(), type.ceType(), partnerId, at, "/partner-portal/test",
                EventFixtures.json(type, fields), JSON);
    }

    private PartnerRef stored(String id) {
        return partners.findById(id).await().atMost(WITHIN);
    }

    private void apply(List<IncomingEvent> batch) {
        projection.apply(batch).await().atMost(WITHIN);
    }

    @Test
    void aBatchOfInterleavedPartnersAppliesEachPartnersEventsInOrderAndOnce() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        Instant t = Instant.parse("2025-06-01T10:00:00Z");
        List<IncomingEvent> batch = List.of(
                event(a, PARTNER_CREATED, t, "{\"partnerId\":\"" + a + "\",\"name\":\"First\",\"stage\":\"draft\"}"),
                event(b, PARTNER_CREATED, t, "{\"partnerId\":\"" + b + "\",\"name\":\"Beta\",\"stage\":\"draft\"}"),
                event(a, PARTNER_UPDATED, t.plusSeconds(60), "{\"partnerId\":\"" + a + "\",\"name\":\"Second\"}"),
                event(b, PARTNER_STAGE_CHANGED, t.plusSeconds(60), "{\"partnerId\":\"" + b + "\",\"name\":\"Beta\",\"to\":\"proposal_sent\"}"),
                // applied after the update (its order): the name it carries is the update's
                event(a, PARTNER_STAGE_CHANGED, t.plusSeconds(120), "{\"partnerId\":\"" + a + "\",\"name\":\"Second\",\"to\":\"nda_signed\"}"));
        apply(batch);

        assertEquals("Second", stored(a).name);
        assertEquals("nda_signed", stored(a).stage);
        assertEquals("proposal_sent", stored(b).stage);
        Instant writtenA = stored(a).updatedAt;

        // the same batch again (a redelivery): every event is stale now, nothing is written
        apply(batch);
        assertEquals(writtenA, stored(a).updatedAt);
        assertEquals(batch.get(4).id(), stored(a).eventId);
        assertEquals("Second", stored(a).name);
    }

    @Test
    void aStaleEventInsideABatchIsSkippedAndTheOnesAfterItApplied() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        Instant t = Instant.parse("2025-07-01T10:00:00Z");
        apply(List.of(event(a, PARTNER_CREATED, t, "{\"partnerId\":\"" + a + "\",\"name\":\"Newer\",\"stage\":\"active\"}")));

        apply(List.of(
                event(a, PARTNER_UPDATED, t.minusSeconds(60), "{\"partnerId\":\"" + a + "\",\"name\":\"Older\"}"),
                event(b, PARTNER_CREATED, t, "{\"partnerId\":\"" + b + "\",\"name\":\"After The Stale One\"}"),
                event(a, PARTNER_UPDATED, t.plusSeconds(60), "{\"partnerId\":\"" + a + "\",\"name\":\"Newer\",\"tier\":\"gold\"}")));

        assertEquals("Newer", stored(a).name, "the late update lost against the newer state");
        assertEquals("gold", stored(a).tier);
        assertEquals("After The Stale One", stored(b).name);

        // action items: the same rule, per item
        String item = UUID.randomUUID().toString();
        actions.apply(List.of(
                event(a, ACTION_ITEM_CREATED, t, "{\"actionId\":\"" + item + "\",\"partnerId\":\"" + a + "\",\"title\":\"Sign\",\"status\":\"open\"}"),
                event(a, ACTION_ITEM_CREATED, t.minusSeconds(5), "{\"actionId\":\"" + item + "\",\"partnerId\":\"" + a + "\",\"title\":\"Stale\"}"),
                event(a, ACTION_ITEM_COMPLETED, t.plusSeconds(5), "{\"actionId\":\"" + item + "\",\"partnerId\":\"" + a + "\",\"title\":\"Sign\"}")))
                .await().atMost(WITHIN);
        ActionItemRef stored = actionItems.byPartner(a).await().atMost(WITHIN).get(0);
        assertEquals("Sign", stored.title);
        assertEquals("done", stored.status);
    }

    @Test
    void aPoisonRecordInsideABatchIsDeadLetteredAloneAndTheOthersApplied() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String created = PARTNER_CREATED.ceType();
        KafkaEvents.Outgoing unreadable = KafkaEvents.Outgoing.breakingContract(a, created, "{not json");
        KafkaEvents.Outgoing noPartner = KafkaEvents.Outgoing.breakingContract(b, created, "{\"name\":\"Nobody\"}");
        KafkaEvents.publishAll("partner-events", List.of(
                KafkaEvents.Outgoing.of(PARTNER_CREATED, a, "{\"partnerId\":\"" + a + "\",\"name\":\"Good A\"}"),
                unreadable, noPartner,
                KafkaEvents.Outgoing.of(PARTNER_CREATED, b, "{\"partnerId\":\"" + b + "\",\"name\":\"Good B\"}")));

        await().atMost(WITHIN).until(() -> stored(a) != null && stored(b) != null);
        List<KafkaEvents.Recorded> dead = KafkaEvents.await("partner-events.nda-service.dlq",
                r -> a.equals(r.key()) || b.equals(r.key()), 2, WITHIN);
        assertEquals(List.of(unreadable.id(), noPartner.id()).stream().sorted().toList(),
                dead.stream().map(KafkaEvents.Recorded::id).sorted().toList(), "only the two poison records");
    }

    /**
     * The store round trips for N partner events of N partners: one at a time (what each record
     * cost before batches) and as one batch. Printed for deploy/bench/README.md; the assertion is a
     * count, not a timing.
     */
    @Test
    void aBatchCostsTheSameRoundTripsWhateverItsSize() {
        long oneByOne1 = oneByOne(1);
        long oneByOne100 = oneByOne(100);
        long batch1 = batch(1);
        long batch100 = batch(100);
        System.out.printf("nda-service PartnerEventsConsumer round trips: one at a time N=1: %d, N=100: %d; "
                + "one batch N=1: %d, N=100: %d%n", oneByOne1, oneByOne100, batch1, batch100);
        assertEquals(100, oneByOne100, "one write per record");
        assertEquals(1, batch1, "one bulk write (each event names another partner: one round)");
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
            out.add(event(id, PARTNER_CREATED, Instant.now(), "{\"partnerId\":\"" + id + "\",\"name\":\"Counted " + i + "\"}"));
        });
        return out;
    }

    private long partnerCommands() {
        return commands.count(c -> "partners".equals(c.collection()) && !c.mentions("outbox.0"));
    }
}

package org.partnerportal.engagement;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.engagement.Fixtures.newId;
import static org.partnerportal.engagement.Fixtures.timelineTotal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.EventType;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.engagement.domain.PartnerRef;
import org.partnerportal.engagement.repository.PartnerRefRepository;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.engagement.service.PartnerProjection;
import org.partnerportal.engagement.service.TimelineProjection;
import org.partnerportal.testsupport.EventFixtures;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The consumers' batches ({@code batch=true}): a batch's timeline rows in one insert and its
 * partner changes in one ordered bulk write, each partner's events in order, idempotently; a
 * stale event inside a batch is skipped and the ones after it applied; a poison record goes to the
 * dead-letter topic alone.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class TimelineBatchTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Inject
    TimelineProjection timelineProjection;

    @Inject
    PartnerProjection partnerProjection;

    @Inject
    TimelineRepository timeline;

    @Inject
    PartnerRefRepository partners;

    @Inject
    CommandCounter commands;

    /** As the consumer reads it: {@code type}'s sample with {@code fields} laid over it, held to the schema. */
    private static IncomingEvent event(String partnerId, EventType<?> type, String fields) {
        return IncomingEvent.read(newId(), type.ceType(), partnerId, Instant.now(), "/partner-portal/test",
                EventFixtures.json(type, fields), JSON);
    }

    private static IncomingEvent partnerEvent(String partnerId, EventType<?> type, String timeField, Instant at, String more) {
        return event(partnerId, type, "{\"partnerId\":\"" + partnerId + "\",\"" + timeField + "\":\"" + at + "\"" + more + "}");
    }

    private void apply(List<IncomingEvent> batch) {
        timelineProjection.apply(batch).chain(() -> partnerProjection.apply(batch)).await().atMost(WITHIN);
    }

    private PartnerRef ref(String id) {
        return partners.findById(id).await().atMost(WITHIN);
    }

    @Test
    void aBatchOfInterleavedPartnersAppliesEachPartnersEventsInOrderAndOnce() {
        String a = newId();
        String b = newId();
        Instant t = Instant.parse("2025-06-01T10:00:00Z");
        List<IncomingEvent> batch = List.of(
                partnerEvent(a, PartnerEvents.PARTNER_CREATED, "createdAt", t, ",\"name\":\"Alpha\""),
                partnerEvent(b, PartnerEvents.PARTNER_CREATED, "createdAt", t, ",\"name\":\"Beta\""),
                // archived and restored at the same instant: only the order tells the outcome
                partnerEvent(a, PartnerEvents.PARTNER_ARCHIVED, "archivedAt", t.plusSeconds(60), ",\"name\":\"Alpha\""),
                partnerEvent(b, PartnerEvents.PARTNER_UPDATED, "updatedAt", t.plusSeconds(60), ",\"name\":\"Beta Two\""),
                partnerEvent(a, PartnerEvents.PARTNER_RESTORED, "restoredAt", t.plusSeconds(60), ",\"name\":\"Alpha\""),
                partnerEvent(b, PartnerEvents.PARTNER_ARCHIVED, "archivedAt", t.plusSeconds(120), ",\"name\":\"Beta Two\""));
        apply(batch);

        assertFalse(ref(a).archived, "archived, then restored");
        assertTrue(ref(b).archived);
        assertEquals("Beta Two", ref(b).name);
        assertEquals(3, timelineTotal(a));
        assertEquals(2, timelineTotal(b), "created and archived (an update is no row)");

        // the same batch again (a redelivery): no second row, the same partners
        apply(batch);
        assertEquals(3, timelineTotal(a));
        assertEquals(2, timelineTotal(b), "created and archived (an update is no row)");
        assertFalse(ref(a).archived);
        assertTrue(ref(b).archived);
    }

    @Test
    void aStaleEventInsideABatchIsSkippedAndTheOnesAfterItApplied() {
        String a = newId();
        String b = newId();
        Instant t = Instant.parse("2025-07-01T10:00:00Z");
        apply(List.of(partnerEvent(a, PartnerEvents.PARTNER_ARCHIVED, "archivedAt", t, ",\"name\":\"Newer\"")));

        apply(List.of(
                partnerEvent(a, PartnerEvents.PARTNER_RESTORED, "restoredAt", t.minusSeconds(60), ",\"name\":\"Older\""),
                partnerEvent(b, PartnerEvents.PARTNER_CREATED, "createdAt", t, ",\"name\":\"After The Stale One\""),
                partnerEvent(a, PartnerEvents.PARTNER_UPDATED, "updatedAt", t.plusSeconds(60),
                        ",\"name\":\"Newest\",\"archived\":true")));

        assertTrue(ref(a).archived, "the late restore lost against the newer archive");
        assertEquals("Newest", ref(a).name);
        assertEquals("After The Stale One", ref(b).name);
    }

    @Test
    void aPoisonRecordInsideABatchIsDeadLetteredAloneAndTheOthersApplied() {
        String a = newId();
        String b = newId();
        KafkaEvents.Outgoing unreadable = KafkaEvents.Outgoing.breakingContract(a, NdaEvents.PROPOSAL_ISSUED.ceType(), "{not json");
        KafkaEvents.Outgoing noPartner = KafkaEvents.Outgoing.breakingContract(b, NdaEvents.NDA_SIGNED.ceType(),
                "{\"reference\":\"NDA-1\"}");
        KafkaEvents.Outgoing goodA = KafkaEvents.Outgoing.of(NdaEvents.PROPOSAL_ISSUED, a,
                "{\"partnerId\":\"" + a + "\",\"issuedAt\":\"2025-08-01T10:00:00Z\"}");
        KafkaEvents.Outgoing goodB = KafkaEvents.Outgoing.of(NdaEvents.PROPOSAL_ISSUED, b,
                "{\"partnerId\":\"" + b + "\",\"issuedAt\":\"2025-08-01T10:00:00Z\"}");
        KafkaEvents.publishAll("nda-events", List.of(goodA, unreadable, noPartner, goodB));

        await().atMost(WITHIN).until(() -> timelineTotal(a) == 1 && timelineTotal(b) == 1);
        List<KafkaEvents.Recorded> dead = KafkaEvents.await("nda-events.engagement-service.dlq",
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
        System.out.printf("engagement-service PartnerEventsConsumer round trips (timeline + partners): one at a time "
                + "N=1: %d, N=100: %d; one batch N=1: %d, N=100: %d%n", oneByOne1, oneByOne100, batch1, batch100);
        assertEquals(2 * 100, oneByOne100, "one insert and one write per record");
        assertEquals(2, batch1, "one insert and one bulk write");
        assertEquals(batch1, batch100, "a batch of 100 costs what a batch of one costs");
    }

    private long oneByOne(int n) {
        List<IncomingEvent> events = created(n);
        commands.start();
        events.forEach(e -> apply(List.of(e)));
        commands.stop();
        return projectionCommands();
    }

    private long batch(int n) {
        List<IncomingEvent> events = created(n);
        commands.start();
        apply(events);
        commands.stop();
        return projectionCommands();
    }

    private static List<IncomingEvent> created(int n) {
        List<IncomingEvent> out = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> out.add(partnerEvent(newId(), PartnerEvents.PARTNER_CREATED, "createdAt", Instant.now(),
                ",\"name\":\"Counted " + i + "\"")));
        return out;
    }

    /** What the projections sent to {@code timeline} and {@code partners}: not the outbox relay's scheduled scan. */
    private long projectionCommands() {
        return commands.count(c -> ("timeline".equals(c.collection()) || "partners".equals(c.collection()))
                && !c.mentions("outbox.0"));
    }
}

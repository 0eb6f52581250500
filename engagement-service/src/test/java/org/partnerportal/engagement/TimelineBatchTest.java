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
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.common.outbox.EventTypes;
import org.partnerportal.engagement.domain.PartnerRef;
import org.partnerportal.engagement.repository.PartnerRefRepository;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.engagement.service.PartnerProjection;
import org.partnerportal.engagement.service.TimelineProjection;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static IncomingEvent event(String partnerId, String name, String json) {
        try {
            return new IncomingEvent(newId(), EventTypes.type(name), name, partnerId, Instant.now(), "/partner-portal/test",
                    JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static IncomingEvent partnerEvent(String partnerId, String name, String timeField, Instant at, String more) {
        return event(partnerId, name, "{\"partnerId\":\"" + partnerId + "\",\"" + timeField + "\":\"" + at + "\"" + more + "}");
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
                partnerEvent(a, "PartnerCreated", "createdAt", t, ",\"name\":\"Alpha\""),
                partnerEvent(b, "PartnerCreated", "createdAt", t, ",\"name\":\"Beta\""),
                // archived and restored at the same instant: only the order tells the outcome
                partnerEvent(a, "PartnerArchived", "archivedAt", t.plusSeconds(60), ",\"name\":\"Alpha\""),
                partnerEvent(b, "PartnerUpdated", "updatedAt", t.plusSeconds(60), ",\"name\":\"Beta Two\""),
                partnerEvent(a, "PartnerRestored", "restoredAt", t.plusSeconds(60), ",\"name\":\"Alpha\""),
                partnerEvent(b, "PartnerArchived", "archivedAt", t.plusSeconds(120), ",\"name\":\"Beta Two\""));
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
        apply(List.of(partnerEvent(a, "PartnerArchived", "archivedAt", t, ",\"name\":\"Newer\"")));

        apply(List.of(
                partnerEvent(a, "PartnerRestored", "restoredAt", t.minusSeconds(60), ",\"name\":\"Older\""),
                partnerEvent(b, "PartnerCreated", "createdAt", t, ",\"name\":\"After The Stale One\""),
                partnerEvent(a, "PartnerUpdated", "updatedAt", t.plusSeconds(60), ",\"name\":\"Newest\"")));

        assertTrue(ref(a).archived, "the late restore lost against the newer archive");
        assertEquals("Newest", ref(a).name);
        assertEquals("After The Stale One", ref(b).name);
    }

    @Test
    void aPoisonRecordInsideABatchIsDeadLetteredAloneAndTheOthersApplied() {
        String a = newId();
        String b = newId();
        String issued = "partnerportal.ProposalIssued.v1";
        KafkaEvents.Outgoing unreadable = new KafkaEvents.Outgoing(a, issued, "{not json");
        KafkaEvents.Outgoing noPartner = new KafkaEvents.Outgoing(b, "partnerportal.NdaSigned.v1", "{\"reference\":\"NDA-1\"}");
        KafkaEvents.Outgoing goodA = new KafkaEvents.Outgoing(a, issued,
                "{\"partnerId\":\"" + a + "\",\"issuedAt\":\"2025-08-01T10:00:00Z\"}");
        KafkaEvents.Outgoing goodB = new KafkaEvents.Outgoing(b, issued,
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
        IntStream.range(0, n).forEach(i -> out.add(partnerEvent(newId(), "PartnerCreated", "createdAt", Instant.now(),
                ",\"name\":\"Counted " + i + "\"")));
        return out;
    }

    /** What the projections sent to {@code timeline} and {@code partners}: not the outbox relay's scheduled scan. */
    private long projectionCommands() {
        return commands.count(c -> ("timeline".equals(c.collection()) || "partners".equals(c.collection()))
                && !c.mentions("outbox.0"));
    }
}

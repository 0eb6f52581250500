package org.partnerportal.partner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_ADDED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_REMOVED;
import static org.partnerportal.events.NdaEvents.NDA_SIGNED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_ISSUED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_VIEWED;
import static org.partnerportal.events.PartnerEvents.PARTNER_STAGE_CHANGED;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.getPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.events.EventType;
import org.partnerportal.partner.service.ActivityProjection;
import org.partnerportal.partner.service.PartnerService;
import org.partnerportal.testsupport.EventFixtures;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * The consumers' batches (ActivityConsumer with {@code batch=true}): a batch is applied with one
 * read and one bulk write, each partner's events in order, idempotently; a poison record goes to
 * the dead-letter topic alone; a lost compare-and-set is done again.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class ActivityBatchTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Inject
    ActivityProjection projection;

    @Inject
    PartnerService partners;

    @Inject
    CommandCounter commands;

    @Inject
    MongoClient mongo;

    /** As the consumer reads it: {@code type}'s sample with {@code fields} laid over it, held to the schema. */
    private static IncomingEvent event(String partnerId, EventType<?> type, String fields) {
        return IncomingEvent.read(UUID.randomUUID().toString(), type.ceType(), partnerId, Instant.now(),
                "/partner-portal/test", EventFixtures.json(type, fields), JSON);
    }

    private static IncomingEvent link(String partnerId, EventType<?> type, String eventId) {
        return event(partnerId, type, "{\"partnerId\":\"" + partnerId + "\",\"eventId\":\"" + eventId + "\",\"role\":\"sponsor\"}");
    }

    private static JsonPath partner(String id) {
        return getPartner(id).statusCode(200).extract().jsonPath();
    }

    private void apply(List<IncomingEvent> batch) {
        projection.apply(batch).await().atMost(WITHIN);
    }

    @Test
    void aBatchOfInterleavedPartnersAppliesEachPartnersEventsInOrder() {
        String a = create(body(unique("Batch A")));
        String b = create(body(unique("Batch B")));
        List<IncomingEvent> batch = List.of(
                link(a, EVENT_PARTNER_ADDED, "ev-1"),
                event(b, PROPOSAL_ISSUED, "{\"partnerId\":\"" + b + "\"}"),
                link(a, EVENT_PARTNER_REMOVED, "ev-1"),
                event(b, NDA_SIGNED, "{\"partnerId\":\"" + b + "\"}"),
                link(a, EVENT_PARTNER_ADDED, "ev-2"),
                event(b, PROPOSAL_VIEWED, "{\"partnerId\":\"" + b + "\",\"section\":\"terms\",\"visitStart\":true}"));
        apply(batch);

        // added, removed, added again: only ev-2 is left (the other order would keep both)
        assertEquals(List.of("ev-2"), partner(a).getList("engagement.eventsParticipated"));
        JsonPath pb = partner(b);
        assertEquals("nda_signed", pb.getString("stage"));
        assertEquals(1, pb.getInt("proposalViews"));
        // both moves, in order, each published once through the outbox
        List<KafkaEvents.Recorded> moves = KafkaEvents.await("partner-events",
                r -> PARTNER_STAGE_CHANGED.ceType().equals(r.type()) && b.equals(r.key()), 2, WITHIN);
        assertEquals(2, moves.size());
        assertTrue(moves.get(0).data().contains("\"to\":\"proposal_sent\""), moves.get(0).data());
        assertTrue(moves.get(1).data().contains("\"from\":\"proposal_sent\"") && moves.get(1).data().contains("\"to\":\"nda_signed\""),
                moves.get(1).data());

        // the same batch again (a redelivery after a crash before the commit): nothing changes
        int versionA = partner(a).getInt("version");
        int versionB = partner(b).getInt("version");
        apply(batch);
        assertEquals(versionA, partner(a).getInt("version"));
        assertEquals(versionB, partner(b).getInt("version"));
        assertEquals(1, partner(b).getInt("proposalViews"));
        assertEquals(List.of("ev-2"), partner(a).getList("engagement.eventsParticipated"));
    }

    @Test
    void aPoisonRecordInsideABatchIsDeadLetteredAloneAndTheOthersApplied() {
        String a = create(body(unique("Poison Batch A")));
        String b = create(body(unique("Poison Batch B")));
        String added = EVENT_PARTNER_ADDED.ceType();
        KafkaEvents.Outgoing unreadable = KafkaEvents.Outgoing.breakingContract(a, added, "{not json at all");
        KafkaEvents.Outgoing noEventId = KafkaEvents.Outgoing.breakingContract(b, added, "{\"partnerId\":\"" + b + "\"}");
        List<KafkaEvents.Outgoing> good = List.of(
                KafkaEvents.Outgoing.of(EVENT_PARTNER_ADDED, a, "{\"partnerId\":\"" + a + "\",\"eventId\":\"ev-a1\"}"),
                KafkaEvents.Outgoing.of(EVENT_PARTNER_ADDED, b, "{\"partnerId\":\"" + b + "\",\"eventId\":\"ev-b1\"}"),
                KafkaEvents.Outgoing.of(EVENT_PARTNER_ADDED, a, "{\"partnerId\":\"" + a + "\",\"eventId\":\"ev-a2\"}"));
        KafkaEvents.publishAll("engagement-events", List.of(good.get(0), unreadable, good.get(1), noEventId, good.get(2)));

        await().atMost(WITHIN).until(() -> partner(a).getList("engagement.eventsParticipated").size() == 2
                && partner(b).getList("engagement.eventsParticipated").size() == 1);
        List<KafkaEvents.Recorded> dead = KafkaEvents.await("engagement-events.partner-service.dlq",
                r -> a.equals(r.key()) || b.equals(r.key()), 2, WITHIN);
        assertEquals(List.of(unreadable.id(), noEventId.id()).stream().sorted().toList(),
                dead.stream().map(KafkaEvents.Recorded::id).sorted().toList(), "only the two poison records");
    }

    @Test
    void aCompareAndSetLostInsideABatchIsDoneAgain() {
        String a = create(body(unique("Raced A")));
        String b = create(body(unique("Raced B")));
        int versionA = partner(a).getInt("version");
        int versionB = partner(b).getInt("version");
        AtomicInteger callsA = new AtomicInteger();
        AtomicInteger callsB = new AtomicInteger();
        String eventA = UUID.randomUUID().toString();
        String eventB = UUID.randomUUID().toString();
        PartnerService.Change changeA = (p, now) -> {
            if (callsA.incrementAndGet() == 1) {
                // someone else writes partner A between the batch's read and its write
                mongo.getDatabase("partner-service").getCollection("partners")
                        .updateOne(Filters.eq("_id", a), Updates.inc("version", 1));
            }
            if (p.alreadyApplied(eventA)) {
                return null;
            }
            p.proposalViews++;
            return List.of();
        };
        PartnerService.Change changeB = (p, now) -> {
            callsB.incrementAndGet();
            if (p.alreadyApplied(eventB)) {
                return null;
            }
            p.proposalViews++;
            return List.of();
        };
        partners.mutateAll(Map.of(a, List.of(changeA), b, List.of(changeB))).await().atMost(WITHIN);

        assertEquals(2, callsA.get(), "A's write lost the race and was made again on a fresh read");
        assertEquals(1, partner(a).getInt("proposalViews"));
        assertEquals(versionA + 2, partner(a).getInt("version"), "the other writer's version and ours");
        assertEquals(1, partner(b).getInt("proposalViews"));
        assertEquals(versionB + 1, partner(b).getInt("version"), "B, already written, was not written twice");
    }

    /**
     * The store round trips for applying N link events of N partners: one at a time (what each
     * record cost before batches) and as one batch. Printed for deploy/bench/README.md; the
     * assertion is a count, not a timing.
     */
    @Test
    void aBatchCostsTheSameRoundTripsWhateverItsSize() {
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> create(body(unique("Round Trip " + i)))).toList();
        // the relay's own reads and writes of the new partners are done before anything is counted
        await().atMost(WITHIN).until(() -> mongo.getDatabase("partner-service").getCollection("partners")
                .countDocuments(Filters.and(Filters.in("_id", ids), Filters.exists("outbox.0"))) == 0);
        long oneByOne1 = oneByOne(ids.subList(0, 1));
        long oneByOne100 = oneByOne(ids);
        long batch1 = batch(ids.subList(0, 1));
        long batch100 = batch(ids);
        System.out.printf("partner-service ActivityConsumer round trips: one at a time N=1: %d, N=100: %d; "
                + "one batch N=1: %d, N=100: %d%n", oneByOne1, oneByOne100, batch1, batch100);
        assertEquals(2 * 100, oneByOne100, "one read and one write per record");
        assertEquals(2, batch1, "one read and one bulk write");
        assertEquals(batch1, batch100, "a batch of 100 costs what a batch of one costs");
    }

    private long oneByOne(List<String> ids) {
        List<IncomingEvent> events = linkEach(ids);
        commands.start();
        events.forEach(e -> apply(List.of(e)));
        commands.stop();
        return partnerCommands();
    }

    private long batch(List<String> ids) {
        List<IncomingEvent> events = linkEach(ids);
        commands.start();
        apply(events);
        commands.stop();
        return partnerCommands();
    }

    private static List<IncomingEvent> linkEach(List<String> ids) {
        String eventId = "ev-" + UUID.randomUUID();
        List<IncomingEvent> out = new ArrayList<>();
        ids.forEach(id -> out.add(link(id, EVENT_PARTNER_ADDED, eventId)));
        return out;
    }

    /** What the projection sent to {@code partners}: not the outbox relay's scheduled scan. */
    private long partnerCommands() {
        return commands.count(c -> "partners".equals(c.collection()) && !c.mentions("outbox.0"));
    }
}

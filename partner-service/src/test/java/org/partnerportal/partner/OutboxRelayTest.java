package org.partnerportal.partner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.common.outbox.OutboxRelay;
import org.partnerportal.partner.messaging.PartnerOutboxRelay;
import org.partnerportal.partner.repository.AccessRequestRepository;
import org.partnerportal.partner.repository.PartnerRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import com.mongodb.client.model.Filters;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Inject;

/**
 * The outbox relay (libs/service-common). An event keeps its id from the outbox to Kafka whichever
 * way it was stored: written by OutboxEvent.toBson() ({@code id}) or inside an entity by the POJO
 * codec ({@code _id}); a relay that re-sent an event after a crash with a new id would defeat every
 * consumer's dedupe. The pending flag (with a relay of the test's own over a probe collection):
 * set with the events and cleared with the last; an event pushed between a publish and its removal
 * keeps it and is published; a relay dead between Kafka's ack and the removal leaves the event to
 * be published again; documents from before the flag are flagged at start; the backlog counts
 * events through the flag; every outbox collection has the partial index.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class OutboxRelayTest {

    @Inject
    AccessRequestRepository requests;

    @Inject
    PartnerOutboxRelay relay;

    @Test
    void theStoredIdIsTheCloudEventIdForBothEncodings() {
        String docId = "relay-test-" + UUID.randomUUID();
        String pojoId = UUID.randomUUID().toString();
        String bsonId = UUID.randomUUID().toString();
        Document pojoEncoded = new Document("_id", pojoId).append("type", "partnerportal.RelayProbe.v1")
                .append("channel", "partner-events").append("key", docId).append("data", "{\"probe\":1}")
                .append("time", new Date());
        Document bsonEncoded = new Document("id", bsonId).append("type", "partnerportal.RelayProbe.v1")
                .append("channel", "partner-events").append("key", docId).append("data", "{\"probe\":2}")
                .append("time", new Date());
        var raw = requests.mongoCollection().withDocumentClass(Document.class);
        raw.insertOne(Outbox.queue(new Document("_id", docId).append("status", "relay-probe"),
                List.of(pojoEncoded, bsonEncoded))).await().atMost(Duration.ofSeconds(5));
        relay.wakeUp(AccessRequestRepository.COLLECTION, docId);
        try {
            List<KafkaEvents.Recorded> sent = KafkaEvents.await("partner-events", r -> docId.equals(r.key()), 2,
                    Duration.ofSeconds(15));
            assertEquals(List.of(pojoId, bsonId).stream().sorted().toList(),
                    sent.stream().map(KafkaEvents.Recorded::id).sorted().toList());
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.find(new Document("_id", docId)).collect().first()
                    .await().atMost(Duration.ofSeconds(5)).getList("outbox", Document.class).isEmpty());
        } finally {
            raw.deleteOne(new Document("_id", docId)).await().atMost(Duration.ofSeconds(5));
        }
    }

    /**
     * A writer names the document it wrote and only that document is read (by {@code _id}); many
     * writers naming it at once, while polls for flagged documents run too, still publish each
     * event once and in the order the document holds them.
     */
    @Test
    void concurrentWakeUpsForOneDocumentPublishEachEventOnceInOrder() throws Exception {
        String docId = "relay-order-" + UUID.randomUUID();
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> UUID.randomUUID().toString()).toList();
        List<Document> events = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            events.add(new Document("id", ids.get(i)).append("type", "partnerportal.RelayProbe.v1")
                    .append("channel", "partner-events").append("key", docId).append("data", "{\"n\":" + i + "}")
                    .append("time", new Date()));
        }
        var raw = requests.mongoCollection().withDocumentClass(Document.class);
        raw.insertOne(Outbox.queue(new Document("_id", docId).append("status", "relay-probe"), events))
                .await().atMost(Duration.ofSeconds(5));
        ExecutorService writers = Executors.newFixedThreadPool(5);
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int w = 0; w < 4; w++) {
                writers.submit(() -> {
                    go.await();
                    for (int k = 0; k < 5; k++) {
                        relay.wakeUp(AccessRequestRepository.COLLECTION, docId);
                    }
                    return null;
                });
            }
            writers.submit(() -> {
                go.await();
                for (int k = 0; k < 3; k++) {
                    relay.relayAll().await().atMost(WITHIN);
                }
                return null;
            });
            go.countDown();
            List<KafkaEvents.Recorded> sent = KafkaEvents.await("partner-events", r -> docId.equals(r.key()), ids.size(),
                    Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.find(new Document("_id", docId)).collect().first()
                    .await().atMost(Duration.ofSeconds(5)).getList("outbox", Document.class).isEmpty());
            // the outbox is empty: nothing is left to publish, so what Kafka holds now is final
            sent = KafkaEvents.all("partner-events").stream().filter(r -> docId.equals(r.key())).toList();
            assertEquals(ids, sent.stream().map(KafkaEvents.Recorded::id).toList());
        } finally {
            writers.shutdownNow();
            writers.awaitTermination(5, TimeUnit.SECONDS);
            raw.deleteOne(new Document("_id", docId)).await().atMost(Duration.ofSeconds(5));
        }
    }

    @Test
    void aWakeUpNamesOneOfTheRelaysCollections() {
        assertThrows(IllegalArgumentException.class, () -> relay.wakeUp("no_such_collection", "x"));
    }

    // --- the pending flag, with a relay of its own over a collection the service's relay never reads ---

    private static final String PROBE = "outbox_probe";
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Inject
    ReactiveMongoClient mongo;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;
    @Inject
    @Channel("partner-events")
    MutinyEmitter<String> partnerEvents;

    /** A relay over {@link #PROBE} where a test acts after Kafka's ack, or kills it before the removal. */
    static class ProbeRelay extends OutboxRelay {

        volatile Function<Document, Uni<Void>> afterAck = ev -> Uni.createFrom().voidItem();
        volatile boolean diesBeforeRemoval;

        ProbeRelay(ReactiveMongoClient mongo, String database, MutinyEmitter<String> emitter) {
            super(mongo, database, List.of(PROBE), Map.of("partner-events", emitter), "partner-service", true);
        }

        @Override
        protected Uni<Void> send(Document ev) {
            return super.send(ev).chain(() -> afterAck.apply(ev));
        }

        @Override
        protected Uni<Void> settle(ReactiveMongoCollection<Document> coll, Object id, List<String> ids, AlsoWhenSettled also) {
            return diesBeforeRemoval ? Uni.createFrom().failure(new IllegalStateException("the relay's process died"))
                    : super.settle(coll, id, ids, also);
        }
    }

    @BeforeEach
    void emptyProbe() {
        probe().deleteMany(new Document()).await().atMost(WITHIN);
    }

    @Test
    void theFlagIsSetWithTheEventsAndClearedWithTheLastOfThem() {
        ProbeRelay relay = probeRelay();
        String a = "flag-a-" + UUID.randomUUID();
        String b = "flag-b-" + UUID.randomUUID();
        List<Document> eventsOfA = List.of(event(a, 0), event(a, 1), event(a, 2));
        // as writers write: an insert with its first events, then an update that queues one more
        probe().insertOne(Outbox.queue(new Document("_id", a), eventsOfA.subList(0, 2))).await().atMost(WITHIN);
        probe().updateOne(Filters.eq("_id", a), Outbox.push(eventsOfA.get(2))).await().atMost(WITHIN);
        probe().insertOne(Outbox.queue(new Document("_id", b), List.of(event(b, 0)))).await().atMost(WITHIN);
        probe().insertOne(Outbox.queue(new Document("_id", "flag-none-" + UUID.randomUUID()), List.of()))
                .await().atMost(WITHIN);
        assertTrue(stored(a).getBoolean(Outbox.PENDING));
        assertTrue(stored(b).getBoolean(Outbox.PENDING));
        assertEquals(4, relay.backlog().await().atMost(WITHIN), "the events waiting, not the documents");

        relay.relayAll().await().atMost(WITHIN);

        assertEquals(ids(eventsOfA), KafkaEvents.await("partner-events", r -> a.equals(r.key()), 3, WITHIN).stream()
                .map(KafkaEvents.Recorded::id).toList());
        for (String id : List.of(a, b)) {
            assertEquals(List.of(), stored(id).getList(Outbox.EVENTS, Document.class));
            assertFalse(stored(id).getBoolean(Outbox.PENDING), "cleared in the update that removed the last event");
        }
        assertEquals(0, relay.backlog().await().atMost(WITHIN));
    }

    /**
     * A writer pushes B while the relay has published A and not yet removed it: the relay removes A
     * and leaves the flag for B. B's writer never wakes the relay here (it died, or runs in another
     * replica): the flag alone makes the next poll publish it.
     */
    @Test
    void anEventPushedBetweenPublishAndRemovalKeepsTheFlagAndIsPublished() {
        ProbeRelay relay = probeRelay();
        String id = "race-" + UUID.randomUUID();
        Document a = event(id, 0);
        Document b = event(id, 1);
        probe().insertOne(Outbox.queue(new Document("_id", id), List.of(a))).await().atMost(WITHIN);
        relay.afterAck = ev -> {
            relay.afterAck = x -> Uni.createFrom().voidItem();
            return probe().updateOne(Filters.eq("_id", id), Outbox.push(b)).replaceWithVoid();
        };

        relay.relayAll().await().atMost(WITHIN);

        Document after = stored(id);
        assertEquals(ids(List.of(b)), ids(after.getList(Outbox.EVENTS, Document.class)), "A removed, B kept");
        assertTrue(after.getBoolean(Outbox.PENDING), "B keeps the document flagged");

        relay.relayAll().await().atMost(WITHIN);

        assertEquals(ids(List.of(a, b)), KafkaEvents.await("partner-events", r -> id.equals(r.key()), 2, WITHIN).stream()
                .map(KafkaEvents.Recorded::id).toList());
        assertEquals(List.of(), stored(id).getList(Outbox.EVENTS, Document.class));
        assertFalse(stored(id).getBoolean(Outbox.PENDING));
    }

    /**
     * The relay's process dies after Kafka acknowledged the event and before its removal: the event
     * is still in the document, flagged, and the next relay publishes it again with the same id
     * (the consumers' dedupe key), so nothing is lost.
     */
    @Test
    void anEventWhoseRemovalDiedWithTheRelayIsPublishedAgain() {
        String id = "crash-" + UUID.randomUUID();
        Document a = event(id, 0);
        probe().insertOne(Outbox.queue(new Document("_id", id), List.of(a))).await().atMost(WITHIN);
        ProbeRelay dying = probeRelay();
        dying.diesBeforeRemoval = true;

        dying.relayAll().await().atMost(WITHIN);

        KafkaEvents.await("partner-events", r -> id.equals(r.key()), 1, WITHIN);
        assertEquals(ids(List.of(a)), ids(stored(id).getList(Outbox.EVENTS, Document.class)));
        assertTrue(stored(id).getBoolean(Outbox.PENDING));

        probeRelay().relayAll().await().atMost(WITHIN);

        assertEquals(List.of(a.getString("id"), a.getString("id")), KafkaEvents.await("partner-events",
                r -> id.equals(r.key()), 2, WITHIN).stream().map(KafkaEvents.Recorded::id).toList());
        assertEquals(List.of(), stored(id).getList(Outbox.EVENTS, Document.class));
        assertFalse(stored(id).getBoolean(Outbox.PENDING));
    }

    /**
     * A document the version before the flag wrote (events, no flag) is invisible to the poll; the
     * start-up pass flags it, beside declaring the partial index, and then it leaves.
     */
    @Test
    void eventsWrittenBeforeTheFlagExistedAreFlaggedAtStartAndPublished() {
        ProbeRelay relay = probeRelay();
        String id = "legacy-" + UUID.randomUUID();
        Document a = event(id, 0);
        probe().insertOne(new Document("_id", id).append(Outbox.EVENTS, List.of(a))).await().atMost(WITHIN);

        relay.relayAll().await().atMost(WITHIN);
        assertEquals(ids(List.of(a)), ids(stored(id).getList(Outbox.EVENTS, Document.class)), "the poll reads flagged documents only");

        relay.prepare().await().atMost(WITHIN);

        assertTrue(stored(id).getBoolean(Outbox.PENDING));
        Document index = probe().listIndexes().collect().asList().await().atMost(WITHIN).stream()
                .filter(i -> Outbox.INDEX.equals(i.getString("name"))).findFirst().orElseThrow();
        assertEquals(new Document(Outbox.PENDING, 1), index.get("key", Document.class));
        assertEquals(new Document(Outbox.PENDING, true), index.get("partialFilterExpression", Document.class));

        relay.relayAll().await().atMost(WITHIN);

        assertEquals(ids(List.of(a)), KafkaEvents.await("partner-events", r -> id.equals(r.key()), 1, WITHIN).stream()
                .map(KafkaEvents.Recorded::id).toList());
        assertFalse(stored(id).getBoolean(Outbox.PENDING));
    }

    /** Every outbox collection of the service has the partial index, declared by its relay at start. */
    @Test
    void theServiceDeclaresThePartialIndexOnEveryOutboxCollection() {
        for (String name : List.of(PartnerRepository.COLLECTION, AccessRequestRepository.COLLECTION)) {
            await().atMost(WITHIN).until(() -> mongo.getDatabase(database).getCollection(name).listIndexes().collect().asList()
                    .await().atMost(WITHIN).stream().anyMatch(i -> Outbox.INDEX.equals(i.getString("name"))
                            && new Document(Outbox.PENDING, true).equals(i.get("partialFilterExpression"))));
        }
    }

    private ProbeRelay probeRelay() {
        return new ProbeRelay(mongo, database, partnerEvents);
    }

    private ReactiveMongoCollection<Document> probe() {
        return mongo.getDatabase(database).getCollection(PROBE);
    }

    private Document stored(String id) {
        return probe().find(Filters.eq("_id", id)).collect().first().await().atMost(WITHIN);
    }

    private static Document event(String key, int n) {
        return new Document("id", UUID.randomUUID().toString()).append("type", "partnerportal.RelayProbe.v1")
                .append("channel", "partner-events").append("key", key).append("data", "{\"n\":" + n + "}")
                .append("time", new Date());
    }

    private static List<String> ids(List<Document> events) {
        return events.stream().map(e -> e.getString("id")).toList();
    }
}

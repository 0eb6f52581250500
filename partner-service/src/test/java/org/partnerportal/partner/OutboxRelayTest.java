package org.partnerportal.partner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.partnerportal.partner.messaging.PartnerOutboxRelay;
import org.partnerportal.partner.repository.AccessRequestRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * An event keeps its id from the outbox to Kafka whichever way it was stored: written by
 * OutboxEvent.toBson() ({@code id}) or inside an entity by the POJO codec ({@code _id}). A relay
 * that re-sent an event after a crash with a new id would defeat every consumer's dedupe.
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
        raw.insertOne(new Document("_id", docId).append("status", "relay-probe")
                .append("outbox", List.of(pojoEncoded, bsonEncoded))).await().atMost(Duration.ofSeconds(5));
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
     * writers naming it at once, while the scheduled scan runs too, still publish each event once
     * and in the order the document holds them.
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
        raw.insertOne(new Document("_id", docId).append("status", "relay-probe").append("outbox", events))
                .await().atMost(Duration.ofSeconds(5));
        ExecutorService writers = Executors.newFixedThreadPool(4);
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
}

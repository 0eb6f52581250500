package org.partnerportal.partner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
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
}

package org.partnerportal.nda;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.partnerportal.events.EventType;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.nda.domain.PartnerRef;
import org.partnerportal.nda.repository.PartnerRefRepository;
import org.partnerportal.testsupport.EventFixtures;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.TestInfra;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(NdaTestResource.class)
class PartnerProjectionTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    PartnerRefRepository partners;

    private PartnerRef stored(String id) {
        return partners.findById(id).await().atMost(Duration.ofSeconds(5));
    }

    private static String partnerJson(String id, String name, String contactName, String stage) {
        return "{\"partnerId\":\"" + id + "\",\"name\":\"" + name + "\",\"industry\":\"Telecom\",\"tier\":\"gold\","
                + "\"stage\":\"" + stage + "\",\"primaryContact\":{\"name\":\"" + contactName + "\",\"email\":\"lead@ooredoo.test\"},"
                + "\"createdAt\":\"2025-04-01T10:00:00Z\"}";
    }

    /** Like {@link KafkaEvents#publish} but with a chosen CloudEvent time, to replay history out of order. */
    /** {@code type}'s sample with {@code fields} laid over it, published with the CloudEvent time {@code time}. */
    private static String publishAt(String key, EventType<?> type, String fields, Instant time) {
        String json = EventFixtures.json(type, fields);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String id = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> r = new ProducerRecord<>("partner-events", key, json);
            r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_type", type.ceType().getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_source", "/partner-portal/test".getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_subject", key.getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_time", time.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    @Test
    void partnerCreatedIsProjected() {
        String id = UUID.randomUUID().toString();
        String eventId = KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, id,
                partnerJson(id, "Ooredoo Oman", "Salim Al-Harthy", "draft"));

        await().atMost(WITHIN).until(() -> stored(id) != null);
        PartnerRef p = stored(id);
        assertEquals("Ooredoo Oman", p.name);
        assertEquals("draft", p.stage);
        assertEquals("gold", p.tier);
        assertEquals("Salim Al-Harthy", p.primaryContact.name);
        assertEquals("lead@ooredoo.test", p.primaryContact.email);
        assertEquals(eventId, p.eventId);
        assertNotNull(p.eventTime);
    }

    @Test
    void aNewerUpdateAppliesAndAnOlderOneIsIgnored() {
        String id = UUID.randomUUID().toString();
        Instant t0 = Instant.parse("2025-04-01T10:00:00Z");
        publishAt(id, PartnerEvents.PARTNER_CREATED, partnerJson(id, "Bank Sohar", "Old Lead", "draft"), t0);
        String newer = publishAt(id, PartnerEvents.PARTNER_UPDATED, partnerJson(id, "Sohar International", "Old Lead", "draft"),
                t0.plusSeconds(60));
        // arrives last but happened in between: must not roll the name back
        String older = publishAt(id, PartnerEvents.PARTNER_UPDATED,
                partnerJson(id, "Bank Sohar (stale)", "Stale Lead", "proposal_sent"), t0.plusSeconds(30));
        // a later record on the same partition shows the stale one was consumed before we assert
        String marker = KafkaEvents.publish("partner-events", id, "partnerportal.SomethingElse.v1", "{}");
        String other = UUID.randomUUID().toString();
        publishAt(id, PartnerEvents.PARTNER_CREATED, partnerJson(other, "Marker Co", "M", "draft"), Instant.now());

        await().atMost(WITHIN).until(() -> stored(other) != null);
        PartnerRef p = stored(id);
        assertEquals("Sohar International", p.name, "the newer update applied");
        assertEquals("draft", p.stage, "the older update was ignored");
        assertEquals("Old Lead", p.primaryContact.name, "the older update was ignored");
        assertEquals(newer, p.eventId);
        assertEquals(t0.plusSeconds(60), p.eventTime);
        assertNotNull(older);
        assertNotNull(marker);
    }

    @Test
    void aStageChangeMovesTheProjectedStage() {
        String id = UUID.randomUUID().toString();
        Instant t0 = Instant.parse("2025-04-01T10:00:00Z");
        publishAt(id, PartnerEvents.PARTNER_CREATED, partnerJson(id, "MOCIPI", "Lead", "draft"), t0);
        publishAt(id, PartnerEvents.PARTNER_STAGE_CHANGED, "{\"partnerId\":\"" + id + "\",\"name\":\"MOCIPI\","
                + "\"from\":\"mou_signed\",\"to\":\"active\",\"changedAt\":\"2025-04-02T10:00:00Z\"}", t0.plusSeconds(86_400));
        await().atMost(WITHIN).until(() -> stored(id) != null && "active".equals(stored(id).stage));
        assertEquals("Lead", stored(id).primaryContact.name);
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextOneStillCounts() {
        String id = UUID.randomUUID().toString();
        KafkaEvents.publishAll(PartnerEvents.TOPIC,
                List.of(KafkaEvents.Outgoing.breakingContract(id, PartnerEvents.PARTNER_CREATED.ceType(), "{not json")));
        KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, id, partnerJson(id, "Omantel", "A", "draft"));

        KafkaEvents.Recorded dead = KafkaEvents.await("partner-events.nda-service.dlq", r -> id.equals(r.key()), 1, WITHIN).get(0);
        assertEquals("{not json", dead.data());
        await().atMost(WITHIN).until(() -> stored(id) != null);
        assertEquals("Omantel", stored(id).name);
    }
}

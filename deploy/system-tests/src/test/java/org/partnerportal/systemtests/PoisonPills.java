package org.partnerportal.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Who consumes which topic, and the dead-letter topic of each (from the services'
 * application.properties); and the poison messages: one record per consumed topic that looks
 * like a CloudEvent (id, type, source) but whose data is not JSON, so every consumer must
 * dead-letter it and go on with the records behind it.
 */
final class PoisonPills {

    /** topic → the consumer groups (= services) reading it. */
    static final Map<String, List<String>> CONSUMERS = consumers();

    private PoisonPills() {
    }

    private static Map<String, List<String>> consumers() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("partner-events", List.of("partner-service", "engagement-service", "nda-service", "notification-service"));
        m.put("engagement-events", List.of("partner-service", "engagement-service", "nda-service", "notification-service"));
        m.put("nda-events", List.of("partner-service", "engagement-service", "notification-service"));
        m.put("notification-events", List.of("engagement-service"));
        m.put("notification-requests", List.of("notification-service"));
        return m;
    }

    static String deadLetterTopic(String topic, String service) {
        return topic + "." + service + ".dlq";
    }

    static List<String> deadLetterTopics() {
        List<String> out = new ArrayList<>();
        CONSUMERS.forEach((topic, services) -> services.forEach(s -> out.add(deadLetterTopic(topic, s))));
        return out;
    }

    static String key(String tag, String topic) {
        return "chaos-poison-" + tag + "-" + topic;
    }

    /** Sends one poison record to every consumed topic, keyed {@link #key}; waits for the broker's acknowledgement. */
    static void send(String tag) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafka());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String topic : CONSUMERS.keySet()) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, key(tag, topic), "{this is not JSON");
                header(r, "ce_specversion", "1.0");
                header(r, "ce_id", UUID.randomUUID().toString());
                header(r, "ce_type", "partnerportal.ChaosPoison.v1");
                header(r, "ce_source", "/partner-portal/system-tests");
                header(r, "ce_time", Instant.now().toString());
                producer.send(r).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send the poison messages", e);
        }
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

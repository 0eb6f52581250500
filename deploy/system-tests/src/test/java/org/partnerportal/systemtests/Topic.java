package org.partnerportal.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Everything on a public topic so far, read from the beginning as a subscribing system would. */
final class Topic {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One record: the Kafka key, the CloudEvent headers without the {@code ce_} prefix, the
     * W3C trace context it carries (null when tracing is off), the data.
     */
    record Event(String key, Map<String, String> ce, String contentType, String traceparent, JsonNode data) {
        String type() {
            return ce.get("type");
        }
    }

    private Topic() {
    }

    static List<Event> read(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "system-tests-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Event> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    events.add(toEvent(r));
                }
            }
            return events;
        }
    }

    private static Event toEvent(ConsumerRecord<String, String> r) {
        Map<String, String> ce = new HashMap<>();
        String contentType = null;
        String traceparent = null;
        for (Header h : r.headers()) {
            String value = h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
            if (h.key().startsWith("ce_")) {
                ce.put(h.key().substring(3), value);
            } else if (h.key().equalsIgnoreCase("content-type")) {
                contentType = value;
            } else if (h.key().equals("traceparent")) {
                traceparent = value;
            }
        }
        try {
            return new Event(r.key(), ce, contentType, traceparent, r.value() == null ? null : JSON.readTree(r.value()));
        } catch (Exception e) {
            return new Event(r.key(), ce, contentType, traceparent, null);
        }
    }
}

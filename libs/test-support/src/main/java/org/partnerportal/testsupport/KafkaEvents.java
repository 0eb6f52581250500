package org.partnerportal.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.partnerportal.events.EventCatalog;
import org.partnerportal.events.EventType;

/**
 * Reads and writes CloudEvents (binary mode) on the test broker, as another service or an
 * external subscriber would.
 */
public final class KafkaEvents {

    /** One record as a subscriber sees it. */
    public record Recorded(String topic, String key, String id, String type, String source, String subject,
            String time, String contentType, String data) {
    }

    private KafkaEvents() {
    }

    /** Every record on the topic now, from the beginning. */
    public static List<Recorded> all(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            List<Recorded> out = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(20);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Could not read " + topic + " to its end within 20 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(recorded(r));
                }
            }
            return out;
        }
    }

    /** The records matching {@code filter}, waiting until at least {@code count} exist (bounded). */
    public static List<Recorded> await(String topic, Predicate<Recorded> filter, int count, Duration within) {
        return Awaitility.await("at least " + count + " matching event(s) on " + topic).atMost(within)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> all(topic).stream().filter(filter).collect(Collectors.toList()), found -> found.size() >= count);
    }

    /**
     * Publishes {@code payload} as {@code type}'s producer would, on its topic, keyed by
     * {@code key}; the payload must validate against the type's schema ({@link EventFixtures}).
     * Returns the CloudEvent id.
     */
    public static <T extends Record> String publish(EventType<T> type, String key, T payload) {
        Outgoing e = Outgoing.of(type, key, payload);
        publishAll(type.topic(), List.of(e));
        return e.id();
    }

    /**
     * Publishes {@code type}'s sample with {@code fields} (a JSON object) laid over it
     * ({@link EventFixtures#json(EventType, String)}), on the type's topic. Returns its id.
     */
    public static String publish(EventType<?> type, String key, String fields) {
        return publish(type, key, UUID.randomUUID().toString(), fields);
    }

    /** As {@link #publish(EventType, String, String)}, with the CloudEvent id given (a redelivery). */
    public static String publish(EventType<?> type, String key, String id, String fields) {
        publishAll(type.topic(), List.of(new Outgoing(key, id, type.ceType(), EventFixtures.json(type, fields))));
        return id;
    }

    /** Publishes {@code json} as {@code type} although it breaks the type's contract (a poison record). Returns its id. */
    public static String publishBreakingContract(EventType<?> type, String key, String json) {
        Outgoing e = Outgoing.breakingContract(key, type.ceType(), json);
        publishAll(type.topic(), List.of(e));
        return e.id();
    }

    /** Publishes a CloudEvent as a producing service would. Returns its id. */
    public static String publish(String topic, String key, String type, String jsonData) {
        return publish(topic, key, UUID.randomUUID().toString(), type, jsonData);
    }

    public static String publish(String topic, String key, String id, String type, String jsonData) {
        publishAll(topic, List.of(new Outgoing(key, id, type, jsonData)));
        return id;
    }

    /**
     * A CloudEvent to publish with {@link #publishAll}. One of a type event-contracts declares must
     * carry data that validates against the type's schema (once its upcasters read it), unless it
     * is made with {@link #breakingContract} to test what a consumer does with such a record.
     */
    public record Outgoing(String key, String id, String type, String jsonData, boolean checked) {

        public Outgoing(String key, String id, String type, String jsonData) {
            this(key, id, type, jsonData, true);
        }

        public Outgoing(String key, String type, String jsonData) {
            this(key, UUID.randomUUID().toString(), type, jsonData);
        }

        /** {@code payload} as {@code type}, validated against its schema. */
        public static <T extends Record> Outgoing of(EventType<T> type, String key, T payload) {
            return new Outgoing(key, type.ceType(), EventFixtures.json(type, payload));
        }

        /** {@code type}'s sample with {@code fields} laid over it ({@link EventFixtures#json(EventType, String)}). */
        public static Outgoing of(EventType<?> type, String key, String fields) {
            return new Outgoing(key, type.ceType(), EventFixtures.json(type, fields));
        }

        /** A record that breaks its type's contract on purpose (a poison record); not validated. */
        public static Outgoing breakingContract(String key, String type, String jsonData) {
            return breakingContract(key, UUID.randomUUID().toString(), type, jsonData);
        }

        public static Outgoing breakingContract(String key, String id, String type, String jsonData) {
            return new Outgoing(key, id, type, jsonData, false);
        }
    }

    /**
     * Publishes the events with one producer, in order, and waits for the broker's acks: sent
     * back to back, a consumer usually receives them in one poll (one batch), though the test
     * cannot rely on that.
     */
    public static void publishAll(String topic, List<Outgoing> events) {
        for (Outgoing e : events) {
            if (e.checked()) {
                EventCatalog.byCeType(e.type()).ifPresent(t -> EventFixtures.legacyJson(t, e.jsonData()));
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (Outgoing e : events) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, e.key(), e.jsonData());
                record.headers().add("ce_specversion", bytes("1.0"));
                record.headers().add("ce_id", bytes(e.id()));
                record.headers().add("ce_type", bytes(e.type()));
                record.headers().add("ce_source", bytes("/partner-portal/test"));
                record.headers().add("ce_subject", bytes(e.key()));
                record.headers().add("ce_time", bytes(Instant.now().toString()));
                record.headers().add("content-type", bytes("application/json"));
                sent.add(producer.send(record));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private static Recorded recorded(ConsumerRecord<String, String> r) {
        return new Recorded(r.topic(), r.key(), header(r, "ce_id"), header(r, "ce_type"), header(r, "ce_source"),
                header(r, "ce_subject"), header(r, "ce_time"), header(r, "content-type"), r.value());
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}

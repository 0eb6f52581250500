package org.partnerportal.systemtests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

/**
 * What the system has stored and published, in a form two moments can be compared by: for every
 * collection of every service database on the MongoDB-wire server its document count and an
 * order-independent hash of its documents, and the end offset of every partition of every Kafka
 * topic. A rejected request must leave both exactly as they were.
 * <p>
 * {@link #IGNORED} lists what every attempt changes by design, whatever its answer.
 */
record StoreSnapshot(Map<String, String> collections, Map<String, Long> offsets) {

    /**
     * Never compared: nda-service's per-address attempt budget (seed 001: 5 proposal unlocks and 3
     * NDA submissions an hour), which counts every attempt whatever its answer, a refused one
     * included, as the gateway's own budget does in memory: bookkeeping against guessing, not a
     * write of the request's.
     */
    static final Set<String> IGNORED = Set.of("nda-service.attemptSlots");

    private static final Set<String> SYSTEM_DATABASES = Set.of("admin", "local", "config");

    /** The connections a snapshot reads through, opened once per run. */
    static final class Probe implements AutoCloseable {
        private final MongoClient mongo = MongoClients.create("mongodb://localhost:" + Stack.MONGO);
        private final Admin kafka;

        Probe() {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafka());
            kafka = Admin.create(props);
        }

        private List<TopicPartition> partitions = List.of();

        /** Everything: every service database, every topic (topics created since are picked up here). */
        StoreSnapshot take() {
            partitions = partitions();
            return new StoreSnapshot(collections(null), offsets());
        }

        /**
         * One service's database and the topics known at the last full snapshot: all a request
         * handled by that service can change at once (what it sets off elsewhere goes through its
         * outbox, in its own database, and then a topic).
         */
        StoreSnapshot take(String database) {
            return new StoreSnapshot(collections(database), offsets());
        }

        private Map<String, String> collections(String only) {
            Map<String, String> out = new TreeMap<>();
            for (String dbName : mongo.listDatabaseNames()) {
                if (SYSTEM_DATABASES.contains(dbName) || (only != null && !only.equals(dbName))) {
                    continue;
                }
                MongoDatabase db = mongo.getDatabase(dbName);
                for (String name : db.listCollectionNames()) {
                    String key = dbName + "." + name;
                    if (IGNORED.contains(key)) {
                        continue;
                    }
                    long count = 0;
                    long hash = 0;
                    for (Document d : db.getCollection(name).find()) {
                        count++;
                        hash += mix(d.toJson());
                    }
                    out.put(key, count + ":" + Long.toHexString(hash));
                }
            }
            return out;
        }

        private List<TopicPartition> partitions() {
            Set<String> topics = get(kafka.listTopics().names()).stream()
                    .filter(t -> !t.startsWith("__")).collect(Collectors.toSet());
            List<TopicPartition> out = new ArrayList<>();
            for (TopicDescription t : get(kafka.describeTopics(topics).allTopicNames()).values()) {
                t.partitions().forEach(p -> out.add(new TopicPartition(t.name(), p.partition())));
            }
            return out;
        }

        private Map<String, Long> offsets() {
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<String, Long> out = new TreeMap<>();
            get(kafka.listOffsets(latest).all()).forEach((p, info) -> out.put(p.toString(), info.offset()));
            return out;
        }

        private static <T> T get(KafkaFuture<T> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Cannot read the Kafka topics and their end offsets", e);
            }
        }

        /**
         * What keeps moving after a request was answered, none of it left: every consumer group has
         * committed every record of the topics it reads (what the consumers write happens before
         * their commit), no service document holds an outbox event still to publish, and
         * notification-service has no delivery pending or being sent. Empty when settled, else what
         * still moves.
         */
        List<String> unsettled() {
            List<String> out = new ArrayList<>();
            Set<String> topics = PoisonPills.CONSUMERS.keySet();
            Map<TopicPartition, OffsetSpec> latest = partitions().stream().filter(p -> topics.contains(p.topic()))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            get(kafka.listOffsets(latest).all()).forEach((p, info) -> ends.put(p, info.offset()));
            Set<String> groups = new java.util.TreeSet<>();
            PoisonPills.CONSUMERS.values().forEach(groups::addAll);
            for (String group : groups) {
                Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = get(
                        kafka.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
                ends.forEach((tp, end) -> {
                    if (PoisonPills.CONSUMERS.get(tp.topic()).contains(group)) {
                        var c = committed.get(tp);
                        long lag = end - (c == null ? 0 : c.offset());
                        if (lag != 0) {
                            out.add(group + " ← " + tp + ": lag " + lag);
                        }
                    }
                });
            }
            for (String name : ChaosBooks.DATABASES) {
                MongoDatabase db = mongo.getDatabase(name);
                for (String c : db.listCollectionNames()) {
                    long pending = db.getCollection(c).countDocuments(Filters.exists("outbox.0"));
                    if (pending != 0) {
                        out.add(name + "." + c + ": " + pending + " with outbox events");
                    }
                }
            }
            long sending = mongo.getDatabase("notification-service").getCollection("deliveries")
                    .countDocuments(Filters.in("status", "pending", "sending"));
            if (sending != 0) {
                out.add(sending + " deliveries pending or being sent");
            }
            return out;
        }

        @Override
        public void close() {
            mongo.close();
            kafka.close();
        }
    }

    /** A 64-bit hash of one document (FNV-1a), summed over a collection so that order does not matter. */
    private static long mix(String json) {
        long h = 0xcbf29ce484222325L;
        for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** What differs from an earlier snapshot, one line per collection or partition; empty when nothing. */
    List<String> changesSince(StoreSnapshot before) {
        List<String> out = new ArrayList<>();
        diff(before.collections, collections, "collection ", out);
        diff(before.offsets, offsets, "topic ", out);
        return out;
    }

    /**
     * Like {@link #changesSince} for a snapshot of one database ({@link Probe#take(String)}): only
     * the collections of that database in the earlier, full snapshot count.
     */
    List<String> changesIn(String database, StoreSnapshot before) {
        Map<String, String> earlier = new TreeMap<>(before.collections);
        earlier.keySet().removeIf(k -> !k.startsWith(database + "."));
        List<String> out = new ArrayList<>();
        diff(earlier, collections, "collection ", out);
        diff(before.offsets, offsets, "topic ", out);
        return out;
    }

    private static <V> void diff(Map<String, V> before, Map<String, V> after, String what, List<String> out) {
        Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            V a = before.get(k);
            V b = after.get(k);
            if (a == null ? b != null : !a.equals(b)) {
                out.add(what + k + ": " + a + " -> " + b);
            }
        }
    }
}

package org.partnerportal.common.outbox;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.partnerportal.common.observability.TraceContext;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes the events waiting in the {@code outbox} arrays of a service's collections, in order,
 * and removes each one only after Kafka acknowledged it. A crash between the two publishes it
 * again on the next pass: delivery is at-least-once and consumers are idempotent by event id.
 * <p>
 * Each service subclasses it to hand over its emitters (channels are known at build time) and to
 * schedule {@link #relayAll()}; writers call {@link #wakeUp(String, Object)} with the document
 * they wrote so its events leave at once rather than at the next poll. That pass reads only the
 * named documents by {@code _id}: the scan for {@code outbox.0} (no index can serve it on the local
 * stack's wire server, which evaluates it over every document) is left to the scheduled poll, the
 * safety net for a write whose wake-up was lost (a crash, another replica).
 */
public abstract class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    static final long BACKLOG_MAX_AGE_MS = 5_000;

    private final ReactiveMongoClient mongo;
    private final String database;
    private final List<String> collections;
    private final Map<String, io.smallrye.reactive.messaging.MutinyEmitter<String>> emitters;
    private final URI source;
    private final boolean enabled;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean scanWanted = new AtomicBoolean();
    /** Documents written since the last pass began, whose events are to leave in the next one. */
    private final Set<Written> written = ConcurrentHashMap.newKeySet();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong lastBacklog = new AtomicLong();
    private final AtomicLong backlogCheckedAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean backlogCounting = new AtomicBoolean();

    protected OutboxRelay(ReactiveMongoClient mongo, String database, List<String> collections,
            Map<String, io.smallrye.reactive.messaging.MutinyEmitter<String>> emitters, String serviceName,
            boolean enabled) {
        this.mongo = mongo;
        this.database = database;
        this.collections = List.copyOf(collections);
        this.emitters = Map.copyOf(emitters);
        this.source = URI.create("/partner-portal/" + serviceName);
        this.enabled = enabled;
        if (!enabled) {
            LOG.warn("Outbox relay disabled by configuration: events stay in their documents until it is enabled");
        }
    }

    /** Events published since start. */
    public long publishedCount() {
        return published.get();
    }

    /** Events still waiting, over all outbox collections. */
    public Uni<Long> backlog() {
        return Multi.createFrom().iterable(collections)
                .onItem().transformToUniAndConcatenate(c -> collection(c)
                        .aggregate(List.of(new Document("$match", new Document("outbox.0", new Document("$exists", true))),
                                new Document("$project", new Document("n", new Document("$size", "$outbox")))))
                        .map(d -> ((Number) d.get("n")).longValue())
                        .collect().asList()
                        .map(l -> l.stream().mapToLong(Long::longValue).sum()))
                .collect().asList()
                .map(l -> l.stream().mapToLong(Long::longValue).sum());
    }

    /**
     * The backlog as last counted, for the {@code pp_outbox_backlog} gauge: reading it starts a new
     * count in the background when the last one is older than {@link #BACKLOG_MAX_AGE_MS}, so the
     * collections are only scanned while something is watching, and a scrape never waits on MongoDB.
     */
    public long lastBacklog() {
        long now = System.currentTimeMillis();
        long checked = backlogCheckedAt.get();
        if ((checked == Long.MIN_VALUE || now - checked >= BACKLOG_MAX_AGE_MS) && backlogCounting.compareAndSet(false, true)) {
            backlogCheckedAt.set(now);
            backlog().onTermination().invoke(() -> backlogCounting.set(false))
                    .subscribe().with(lastBacklog::set, e -> LOG.debugf("Counting the outbox backlog failed: %s", e.toString()));
        }
        return lastBacklog.get();
    }

    private record Written(String collection, Object id) {
    }

    /**
     * The events of this document leave now, or right after the pass that is running: a pass that
     * reads it by {@code _id}, without scanning the collections.
     */
    public void wakeUp(String collection, Object id) {
        if (!collections.contains(collection)) {
            throw new IllegalArgumentException("Not an outbox collection of this relay: " + collection);
        }
        written.add(new Written(collection, id));
        start(pass(false));
    }

    /** A pass that scans every collection starts now, or right after the one that is running. */
    public void wakeUp() {
        start(relayAll());
    }

    private static void start(Uni<Void> pass) {
        pass.subscribe().with(x -> {
        }, e -> LOG.warn("Outbox pass failed; the next poll retries", e));
    }

    /** One pass over every collection; concurrent calls collapse into one extra pass. */
    public Uni<Void> relayAll() {
        return pass(true);
    }

    /**
     * Passes never overlap, so a document's events leave in order: a call while one runs only
     * asks for another (with the scan if this call wanted one) right after it.
     */
    private Uni<Void> pass(boolean scan) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        if (scan) {
            scanWanted.set(true);
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        boolean scanning = scanWanted.getAndSet(false);
        List<Written> docs = new ArrayList<>(written);
        written.removeAll(docs);
        Uni<Void> work = Multi.createFrom().iterable(docs)
                .onItem().transformToUniAndConcatenate(w -> relayOne(w.collection(), w.id()))
                .collect().last().replaceWithVoid();
        if (scanning) {
            work = work.chain(() -> Multi.createFrom().iterable(collections)
                    .onItem().transformToUniAndConcatenate(this::relayCollection)
                    .collect().last()
                    .replaceWithVoid());
        }
        return work.onTermination().invoke(() -> {
            running.set(false);
            if (again.getAndSet(false) || !written.isEmpty()) {
                start(pass(false));
            }
        });
    }

    private Uni<Void> relayOne(String name, Object id) {
        ReactiveMongoCollection<Document> coll = collection(name);
        return coll.find(Filters.eq("_id", id)).collect().first()
                .chain(doc -> doc == null ? Uni.createFrom().voidItem() : relayDocument(coll, doc));
    }

    private Uni<Void> relayCollection(String name) {
        ReactiveMongoCollection<Document> coll = collection(name);
        return coll.find(Filters.exists("outbox.0"), new io.quarkus.mongodb.FindOptions().limit(BATCH))
                .onItem().transformToUniAndConcatenate(doc -> relayDocument(coll, doc))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> relayDocument(ReactiveMongoCollection<Document> coll, Document doc) {
        Object id = doc.get("_id");
        List<Document> pending = doc.getList("outbox", Document.class, List.of());
        return Multi.createFrom().iterable(new ArrayList<>(pending))
                .onItem().transformToUniAndConcatenate(ev -> publish(ev)
                        .chain(() -> coll.updateOne(Filters.eq("_id", id),
                                Updates.pull("outbox", new Document(idField(ev), eventId(ev)))))
                        .invoke(() -> published.incrementAndGet()))
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Where the event's id is stored: {@link OutboxEvent#toBson()} writes {@code id}, while an event
     * that reached MongoDB inside an entity through the POJO codec has it as {@code _id} (the codec's
     * id convention). Either way the event keeps its one id, the CloudEvent id consumers dedupe on.
     */
    static String idField(Document ev) {
        return ev.containsKey("id") ? "id" : "_id";
    }

    static String eventId(Document ev) {
        String id = ev.getString(idField(ev));
        if (id == null) {
            throw new IllegalStateException("Outbox event without an id: " + ev.toJson());
        }
        return id;
    }

    private Uni<Void> publish(Document ev) {
        String channel = ev.getString("channel");
        io.smallrye.reactive.messaging.MutinyEmitter<String> emitter = emitters.get(channel);
        if (emitter == null) {
            return Uni.createFrom().failure(new IllegalStateException("No emitter for outbox channel " + channel));
        }
        Instant time = toInstant(ev.get("time"));
        Message<String> message = Message.of(ev.getString("data"))
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(eventId(ev))
                        .withType(ev.getString("type"))
                        .withSource(source)
                        .withSubject(ev.getString("key"))
                        .withDataContentType("application/json")
                        .withTimestamp(time.atZone(ZoneOffset.UTC))
                        .build())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(ev.getString("key")).build());
        String traceparent = ev.getString(TraceContext.TRACEPARENT);
        if (traceparent != null) {
            // the connector's producer span becomes a child of the request that wrote the event,
            // and its traceparent header carries that trace to the consumers
            message = message.addMetadata(TracingMetadata.withCurrent(TraceContext.fromTraceparent(traceparent)));
        }
        return emitter.sendMessage(message);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof String s) {
            return Instant.parse(s);
        }
        return Instant.now();
    }

    private ReactiveMongoCollection<Document> collection(String name) {
        return mongo.getDatabase(database).getCollection(name);
    }
}

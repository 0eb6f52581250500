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
import java.util.concurrent.atomic.AtomicReference;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.common.observability.TraceContext;
import org.partnerportal.common.testing.FaultPoint;
import org.partnerportal.events.EventType;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes the events waiting in the {@code outbox} arrays of a service's collections, in order,
 * and removes them only after Kafka acknowledged them. A crash between the two publishes them
 * again on the next pass: delivery is at-least-once and consumers are idempotent by event id.
 * <p>
 * How it finds them without scanning (see {@link Outbox}): every writer sets
 * {@code outboxPending: true} in the write that queues events and then wakes the relay with the
 * document it wrote ({@link #wakeUp(String, Object)}), which this relay reads by {@code _id} and
 * publishes at once. The scheduled poll ({@link #relayAll()}) asks only for flagged documents,
 * which a partial index serves, and is a safety net for wake-ups that were lost (a process that
 * died between its write and the relay's pass, whose documents the next start or another replica
 * picks up); a pass that failed (Kafka unreachable) is tried again by {@link #retryFailed()}, soon.
 * <p>
 * A document's published events leave it in one update, which also clears the flag if nothing
 * else is waiting in it; an event a writer pushed meanwhile keeps the flag set (see
 * {@link #settle}). Each service subclasses this class to hand over its emitters (channels are
 * known at build time), to schedule {@link #relayAll()} and {@link #retryFailed()}, and to call
 * {@link #start()} at start-up.
 */
public abstract class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    static final long BACKLOG_MAX_AGE_MS = 5_000;

    private final ReactiveMongoClient mongo;
    private final String database;
    private final List<String> collections;
    private final Map<String, MutinyEmitter<String>> emitters;
    private final URI source;
    private final boolean enabled;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean pollWanted = new AtomicBoolean();
    /** Set when a pass left events behind because something failed; a full pass without failure clears it. */
    private final AtomicBoolean failed = new AtomicBoolean();
    /** Documents written since the last pass began, whose events are to leave in the next one. */
    private final Set<Written> written = ConcurrentHashMap.newKeySet();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong lastBacklog = new AtomicLong();
    private final AtomicLong backlogCheckedAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean backlogCounting = new AtomicBoolean();
    /**
     * For system tests only (unset, inert, in production): {@code pp.test.fault.outbox-after-ack=<event name>}
     * halts the process once Kafka acknowledged a document's last event of that name and before the
     * document's events are removed, the window in which a crash publishes them twice.
     */
    private final FaultPoint afterAck = FaultPoint.named("outbox-after-ack");

    protected OutboxRelay(ReactiveMongoClient mongo, String database, List<String> collections,
            Map<String, MutinyEmitter<String>> emitters, String serviceName, boolean enabled) {
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

    /** Events published (and removed from their documents) since start. */
    public long publishedCount() {
        return published.get();
    }

    /**
     * Events still waiting, over all outbox collections: the sizes of the flagged documents' outboxes.
     * Only flagged documents are read (the partial index holds just them), never the collections.
     */
    public Uni<Long> backlog() {
        return Multi.createFrom().iterable(collections)
                .onItem().transformToUniAndConcatenate(c -> collection(c)
                        .aggregate(List.of(Aggregates.match(Outbox.pending()),
                                Aggregates.group(null, Accumulators.sum("n", new Document("$size",
                                        new Document("$ifNull", List.of("$" + Outbox.EVENTS, List.of())))))))
                        .collect().first()
                        .map(d -> d == null ? 0L : ((Number) d.get("n")).longValue()))
                .collect().asList()
                .map(l -> l.stream().mapToLong(Long::longValue).sum());
    }

    /**
     * The backlog as last counted, for the {@code pp_outbox_backlog} gauge: reading it starts a new
     * count in the background when the last one is older than {@link #BACKLOG_MAX_AGE_MS}, so the
     * store is only asked while something is watching, and a scrape never waits on MongoDB.
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

    /**
     * At start-up, in the background (retried until MongoDB answers): {@link #prepare()}, then a
     * pass over the flagged documents, which publishes what a previous process left behind.
     */
    public void start() {
        prepare().onFailure().invoke(e -> LOG.warnf("Outbox start-up tasks failed (%s); retrying", e.toString()))
                .onFailure().retry().withBackOff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30))
                .indefinitely()
                .subscribe().with(x -> run(relayAll()), e -> LOG.error("Outbox start-up tasks gave up", e));
    }

    /**
     * Declares the partial index on {@link Outbox#PENDING} in every outbox collection, and flags the
     * documents that hold events without the flag: written by a version before it, which the poll
     * would never find otherwise. That one query reads the whole collection, once per start, not
     * per poll.
     */
    public Uni<Void> prepare() {
        return Multi.createFrom().iterable(collections)
                .onItem().transformToUniAndConcatenate(name -> {
                    ReactiveMongoCollection<Document> coll = collection(name);
                    return coll.createIndex(Indexes.ascending(Outbox.PENDING),
                            new IndexOptions().name(Outbox.INDEX).partialFilterExpression(Outbox.pending()))
                            .chain(() -> coll.updateMany(Filters.and(Filters.exists(Outbox.EVENTS + ".0"),
                                    Filters.ne(Outbox.PENDING, true)), Updates.set(Outbox.PENDING, true)))
                            .invoke(r -> {
                                if (r.getModifiedCount() > 0) {
                                    LOG.infof("Outbox: flagged %d document(s) of %s written before the pending flag",
                                            r.getModifiedCount(), name);
                                }
                            });
                })
                .collect().last().replaceWithVoid();
    }

    private record Written(String collection, Object id) {
    }

    /**
     * The events of this document leave now, or right after the pass that is running: a pass that
     * reads it by {@code _id}, without querying the collections.
     */
    public void wakeUp(String collection, Object id) {
        if (!collections.contains(collection)) {
            throw new IllegalArgumentException("Not an outbox collection of this relay: " + collection);
        }
        if (!enabled) {
            return;
        }
        written.add(new Written(collection, id));
        run(pass(false));
    }

    private static void run(Uni<Void> pass) {
        pass.subscribe().with(x -> {
        }, e -> LOG.warn("Outbox pass failed; it is retried", e));
    }

    /**
     * One pass over the flagged documents of every collection (the scheduled safety net);
     * concurrent calls collapse into one extra pass.
     */
    public Uni<Void> relayAll() {
        return pass(true);
    }

    /** A pass over the flagged documents if the last pass left events behind because something failed. */
    public Uni<Void> retryFailed() {
        return failed.get() ? relayAll() : Uni.createFrom().voidItem();
    }

    /**
     * Passes never overlap, so a document's events leave in order: a call while one runs only
     * asks for another (with the poll if this call wanted one) right after it.
     */
    private Uni<Void> pass(boolean poll) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        if (poll) {
            pollWanted.set(true);
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        boolean polling = pollWanted.getAndSet(false);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Written> docs = new ArrayList<>(written);
        written.removeAll(docs);
        Uni<Void> work = Multi.createFrom().iterable(docs)
                .onItem().transformToUniAndConcatenate(w -> guarded(relayOne(w.collection(), w.id()), failure))
                .collect().last().replaceWithVoid();
        if (polling) {
            work = work.chain(() -> Multi.createFrom().iterable(collections)
                    .onItem().transformToUniAndConcatenate(c -> relayPending(c, failure))
                    .collect().last()
                    .replaceWithVoid());
        }
        return work.onTermination().invoke((x, error, cancelled) -> {
            Throwable f = error != null ? error : failure.get();
            if (f != null) {
                failed.set(true);
                LOG.warnf("Outbox pass left events behind (%s); they are tried again shortly", f.toString());
            } else if (polling) {
                failed.set(false);
            }
            running.set(false);
            if (again.getAndSet(false) || !written.isEmpty()) {
                run(pass(false));
            }
        });
    }

    /** One document's failure is remembered, and the pass goes on with the others. */
    private static Uni<Void> guarded(Uni<Void> work, AtomicReference<Throwable> failure) {
        return work.onFailure().recoverWithItem(e -> {
            failure.compareAndSet(null, e);
            LOG.debugf("Outbox: a document's events did not all leave: %s", e.toString());
            return null;
        });
    }

    private Uni<Void> relayOne(String name, Object id) {
        ReactiveMongoCollection<Document> coll = collection(name);
        return coll.find(Filters.eq("_id", id)).collect().first()
                .chain(doc -> doc == null ? Uni.createFrom().voidItem() : relayDocument(name, coll, doc));
    }

    /** The flagged documents, a batch at a time, until a batch is not full or something failed. */
    private Uni<Void> relayPending(String name, AtomicReference<Throwable> failure) {
        ReactiveMongoCollection<Document> coll = collection(name);
        return coll.find(Outbox.pending(), new FindOptions().limit(BATCH)).collect().asList()
                .chain(batch -> Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(doc -> guarded(relayDocument(name, coll, doc), failure))
                        .collect().last()
                        .chain(() -> batch.size() == BATCH && failure.get() == null ? relayPending(name, failure)
                                : Uni.createFrom().voidItem()));
    }

    /**
     * Publishes the document's events one after the other, in the order it holds them, then removes
     * those Kafka acknowledged in one update. If one fails, those before it are still removed and
     * the rest wait for the next pass.
     */
    private Uni<Void> relayDocument(String name, ReactiveMongoCollection<Document> coll, Document doc) {
        Object id = doc.get("_id");
        List<Document> pending = doc.getList(Outbox.EVENTS, Document.class, List.of());
        if (pending.isEmpty()) {
            return Boolean.TRUE.equals(doc.get(Outbox.PENDING)) ? settle(coll, id, List.of(), null) : Uni.createFrom().voidItem();
        }
        List<String> acked = new ArrayList<>();
        return Multi.createFrom().iterable(new ArrayList<>(pending))
                .onItem().transformToUniAndConcatenate(ev -> send(ev).invoke(() -> {
                    acked.add(eventId(ev));
                    haltIfArmed(pending, ev);
                }))
                .collect().last()
                .onItemOrFailure().transformToUni((x, error) -> {
                    Uni<Void> removal = acked.isEmpty() ? Uni.createFrom().voidItem()
                            : alsoWhenSettled(name, doc).chain(also -> settle(coll, id, List.copyOf(acked), also));
                    return error == null ? removal : removal.chain(() -> Uni.createFrom().failure(error));
                });
    }

    /**
     * The test fault point ({@link #afterAck}): reached when {@code acked} is the last event of its
     * name in the document, so every event of that name (and those before them) left and none was
     * removed yet.
     */
    private void haltIfArmed(List<Document> pending, Document acked) {
        String name = EventType.nameOf(acked.getString("type"));
        if (!afterAck.armedFor(name)) {
            return;
        }
        String lastOfName = null;
        for (Document ev : pending) {
            if (name.equals(EventType.nameOf(ev.getString("type")))) {
                lastOfName = eventId(ev);
            }
        }
        if (eventId(acked).equals(lastOfName)) {
            afterAck.reached(name, "event " + lastOfName + ", key " + acked.getString("key")
                    + ", acknowledged by Kafka and not yet removed from its outbox");
        }
    }

    /**
     * A change a subclass wants made in the update that removes a document's published events,
     * if {@code filter} (beside the document's {@code _id}) still matches it: one write instead of
     * two where the service has its own marker to clear once the document's latest write has had
     * its effects.
     */
    public record AlsoWhenSettled(Bson filter, Bson update) {
    }

    /** What to change with the removal of {@code doc}'s published events; null (the default): nothing. */
    protected Uni<AlsoWhenSettled> alsoWhenSettled(String collection, Document doc) {
        return Uni.createFrom().nullItem();
    }

    /**
     * Removes the published events {@code ids} from the document in one update and, in the same
     * update, clears its flag if they were all it held: the filter asks that no event in the
     * outbox has an id outside {@code ids}. If a writer pushed an event since the relay read the
     * document, that filter fails (whoever pushed it, this process or another), and only the
     * published events are pulled: the flag stays for the new one, which its writer's wake-up or
     * the next poll publishes. With {@code also} (a subclass's change, see {@link #alsoWhenSettled}),
     * the first try carries it too, and a failed guard of its own drops it rather than the removal.
     * Normally the first try matches: one write. Every try names the document by {@code _id}, the
     * guarded ones as a find-and-modify (the local wire server looks that up by {@code _id}, where
     * an update with a longer filter would read the collection).
     * <p>
     * Protected so that a test relay can stand for a process that dies right before it.
     */
    protected Uni<Void> settle(ReactiveMongoCollection<Document> coll, Object id, List<String> ids, AlsoWhenSettled also) {
        Bson byId = Filters.eq("_id", id);
        Bson onlyThese = Filters.not(Filters.elemMatch(Outbox.EVENTS, Filters.and(Filters.nin("id", ids), Filters.nin("_id", ids))));
        List<Bson> removal = ids.isEmpty() ? List.of() : List.of(pull(ids));
        Bson clear = Updates.set(Outbox.PENDING, false);
        // the most this update may do first, then less: each try is one compare-and-set by _id
        List<Bson[]> tries = new ArrayList<>();
        if (also != null) {
            tries.add(new Bson[] { Filters.and(byId, onlyThese, also.filter()), combine(removal, clear, also.update()) });
        }
        tries.add(new Bson[] { Filters.and(byId, onlyThese), combine(removal, clear) });
        if (also != null) {
            tries.add(new Bson[] { Filters.and(byId, also.filter()), combine(removal, also.update()) });
        }
        return firstMatching(coll, tries, 0)
                .chain(matched -> matched || removal.isEmpty() ? Uni.createFrom().voidItem()
                        : coll.updateOne(byId, removal.get(0)).replaceWithVoid())
                .invoke(() -> published.addAndGet(ids.size()));
    }

    private static Uni<Boolean> firstMatching(ReactiveMongoCollection<Document> coll, List<Bson[]> tries, int i) {
        if (i == tries.size()) {
            return Uni.createFrom().item(false);
        }
        return CompareAndSet.ifMatches(coll, tries.get(i)[0], tries.get(i)[1])
                .chain(matched -> matched ? Uni.createFrom().item(true) : firstMatching(coll, tries, i + 1));
    }

    private static Bson combine(List<Bson> first, Bson... more) {
        List<Bson> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return Updates.combine(all);
    }

    /** Either id field (see {@link #idField}): one document may hold events written both ways. */
    private static Bson pull(List<String> ids) {
        return Updates.pull(Outbox.EVENTS, Filters.or(Filters.in("id", ids), Filters.in("_id", ids)));
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

    /**
     * Sends one event and completes when Kafka acknowledged it. Protected so that a test relay can
     * act between an acknowledgement and the removal (a writer pushing another event meanwhile).
     */
    protected Uni<Void> send(Document ev) {
        String channel = ev.getString("channel");
        MutinyEmitter<String> emitter = emitters.get(channel);
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

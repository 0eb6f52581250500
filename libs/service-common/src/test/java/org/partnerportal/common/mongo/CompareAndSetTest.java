package org.partnerportal.common.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.TestInfra;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClients;

import io.quarkus.mongodb.impl.ReactiveMongoClientImpl;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * Compare-and-set against a real MongoDB-wire server (test-support's mongo-java-server): the update
 * lands only while the guard holds, a refused one changes nothing, and an upsert whose guard fails
 * on an existing document is "stale" rather than an error or a second document. Concurrent writers
 * guarded on one version: exactly one wins.
 */
class CompareAndSetTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static ReactiveMongoClient client;
    private ReactiveMongoCollection<Document> docs;

    @BeforeAll
    static void connect() {
        client = new ReactiveMongoClientImpl(MongoClients.create(TestInfra.mongoUri()));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void collection() {
        docs = client.getDatabase("compare-and-set").getCollection("c" + UUID.randomUUID().toString().replace("-", ""));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private Document read(String id) {
        return await(docs.find(Filters.eq("_id", id)).collect().first());
    }

    private static Bson versioned(String id, long version) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("version", version));
    }

    @Test
    void ifMatchesWritesOnlyWhileTheGuardHolds() {
        await(docs.insertOne(new Document("_id", "a").append("version", 1L).append("name", "first")));
        assertTrue(await(CompareAndSet.ifMatches(docs, versioned("a", 1),
                Updates.combine(Updates.set("name", "second"), Updates.inc("version", 1L)))));
        assertEquals(new Document("_id", "a").append("version", 2L).append("name", "second"), read("a"));

        // the same guard again: stale now, refused, nothing changed
        assertFalse(await(CompareAndSet.ifMatches(docs, versioned("a", 1),
                Updates.combine(Updates.set("name", "third"), Updates.inc("version", 1L)))));
        assertEquals(new Document("_id", "a").append("version", 2L).append("name", "second"), read("a"));
    }

    @Test
    void ifMatchesNeverCreates() {
        assertFalse(await(CompareAndSet.ifMatches(docs, versioned("missing", 0), Updates.set("name", "x"))));
        assertEquals(0L, await(docs.countDocuments()));
    }

    @Test
    void upsertUnlessStaleInsertsUpdatesAndRefusesOlderEvents() {
        // "write unless a newer event already did": the guard is the event time
        Bson olderThan5 = Filters.and(Filters.eq("_id", "p"), Filters.lt("eventTime", 5L));
        assertTrue(await(CompareAndSet.upsertUnlessStale(docs, olderThan5,
                Updates.combine(Updates.set("eventTime", 5L), Updates.set("name", "at 5")))), "inserted");
        assertEquals(new Document("_id", "p").append("eventTime", 5L).append("name", "at 5"), read("p"));

        Bson olderThan3 = Filters.and(Filters.eq("_id", "p"), Filters.lt("eventTime", 3L));
        assertFalse(await(CompareAndSet.upsertUnlessStale(docs, olderThan3,
                Updates.combine(Updates.set("eventTime", 3L), Updates.set("name", "at 3")))), "an older event is stale");
        assertEquals(new Document("_id", "p").append("eventTime", 5L).append("name", "at 5"), read("p"));

        Bson olderThan9 = Filters.and(Filters.eq("_id", "p"), Filters.lt("eventTime", 9L));
        assertTrue(await(CompareAndSet.upsertUnlessStale(docs, olderThan9,
                Updates.combine(Updates.set("eventTime", 9L), Updates.set("name", "at 9")))), "a newer event applies");
        assertEquals(new Document("_id", "p").append("eventTime", 9L).append("name", "at 9"), read("p"));
        assertEquals(1L, await(docs.countDocuments()), "never a second document with that _id");
    }

    @Test
    void otherFailuresAreNotTakenForStale() {
        await(docs.insertOne(new Document("_id", "n").append("count", "not a number")));
        Throwable failure = CompareAndSet.upsertUnlessStale(docs, Filters.eq("_id", "n"), Updates.inc("count", 1))
                .onItem().transform(applied -> (Throwable) null).onFailure().recoverWithItem(e -> e)
                .await().atMost(WAIT);
        assertTrue(failure != null && !MongoErrors.isDuplicateKey(failure),
                "a write the server refuses for another reason fails loudly: " + failure);
    }

    @Test
    void ofConcurrentWritersOnOneVersionExactlyOneWins() {
        await(docs.insertOne(new Document("_id", "race").append("version", 0L)));
        List<Uni<Boolean>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            writers.add(CompareAndSet.ifMatches(docs, versioned("race", 0),
                    Updates.combine(Updates.inc("version", 1L), Updates.set("by", i))));
        }
        List<Boolean> outcomes = await(Uni.join().all(writers).andCollectFailures());
        assertEquals(1, outcomes.stream().filter(Boolean::booleanValue).count(), "winners among " + outcomes);
        assertEquals(1L, read("race").getLong("version"));
    }
}

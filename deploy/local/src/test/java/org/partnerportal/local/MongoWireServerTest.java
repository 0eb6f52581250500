package org.partnerportal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * What the wire server acknowledges is on disk: a {@code kill -9} the instant after the last
 * reply loses none of it. The server runs in its own JVM, as in the local stack, and is killed
 * with SIGKILL, so no shutdown hook gets a chance to save anything; once with one writer, once
 * with eight at a time, whose saves are shared.
 */
class MongoWireServerTest {

    @TempDir
    Path dir;

    private WireServerProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesASigkillRightAfterIt() throws Exception {
        int inserts = 300;
        int increments = 200;
        writeKillRestart(things -> {
            for (int i = 0; i < inserts; i++) {
                things.insertOne(new Document("_id", "thing-" + i).append("n", i));
            }
            things.insertOne(new Document("_id", "counter").append("value", 0));
            for (int i = 0; i < increments; i++) {
                things.findOneAndUpdate(Filters.eq("_id", "counter"), Updates.inc("value", 1),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            }
            things.deleteOne(Filters.eq("_id", "thing-0"));
            things.updateOne(Filters.eq("_id", "thing-1"), Updates.set("touched", true));
        }, things -> {
            assertEquals(inserts, things.countDocuments(), "300 inserted, one deleted, the counter added");
            assertEquals(0, things.countDocuments(Filters.eq("_id", "thing-0")), "the delete was kept");
            assertEquals(true, things.find(Filters.eq("_id", "thing-1")).first().getBoolean("touched"),
                    "the last update was kept");
            assertEquals(increments, things.find(Filters.eq("_id", "counter")).first().getInteger("value"),
                    "every acknowledged increment was kept");
            assertEquals(inserts - 1, things.find(Filters.eq("_id", "thing-" + (inserts - 1))).first().getInteger("n"));
        });
    }

    @Test
    void concurrentWritersSharingSavesAllSurviveASigkill() throws Exception {
        int writers = 8;
        int each = 150;
        writeKillRestart(things -> {
            things.insertOne(new Document("_id", "counter").append("value", 0));
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        things.insertOne(new Document("_id", writer + "-" + i));
                        things.updateOne(Filters.eq("_id", "counter"), Updates.inc("value", 1));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }, things -> {
            assertEquals(writers * each + 1, things.countDocuments(), "every acknowledged insert of every writer");
            assertEquals(writers * each, things.find(Filters.eq("_id", "counter")).first().getInteger("value"),
                    "every acknowledged increment of every writer");
        });
    }

    /** What a test does with the collection {@code durability.things}. */
    private interface Work {
        void on(MongoCollection<Document> things) throws Exception;
    }

    /**
     * Runs {@code writes} against a fresh server, kills it with SIGKILL the instant they are
     * answered, starts it again on the same file and runs {@code checks}.
     */
    private void writeKillRestart(Work writes, Work checks) throws Exception {
        server = new WireServerProcess(dir.resolve("mongo.mv"), Map.of()).start();
        try (MongoClient client = server.client()) {
            writes.on(things(client));
            // the last reply is in: kill at once, before any timer-driven save could run
            server.kill();
        }
        server.start();
        try (MongoClient client = server.client()) {
            checks.on(things(client));
        }
    }

    private static MongoCollection<Document> things(MongoClient client) {
        return client.getDatabase("durability").getCollection("things");
    }
}

package org.partnerportal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

/**
 * The journal store's own promises, each with the server in its own JVM killed by SIGKILL: the
 * journal is replayed at start (documents, deletes, schema commands), a record torn by the kill
 * is cut off, compaction writes a snapshot and a kill in the middle of one loses nothing, unique
 * indexes (partial ones holding only what their filter matches) come back with their duplicate-key
 * errors, and an old stack's H2 file is imported once.
 */
class JournalRecoveryTest {

    @TempDir
    Path dir;

    private WireServerProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.kill();
        }
    }

    private WireServerProcess journalServer(Map<String, String> env) throws Exception {
        server = new WireServerProcess(dir.resolve("mongo.mv"), env).start();
        return server;
    }

    @Test
    void theJournalIsReplayedAfterASigkillWithSchemaChangesInOrder() throws Exception {
        journalServer(Map.of());
        try (MongoClient client = server.client()) {
            MongoDatabase db = client.getDatabase("replay");
            MongoCollection<Document> kept = db.getCollection("kept");
            for (int i = 0; i < 50; i++) {
                kept.insertOne(new Document("_id", i).append("n", i).append("tags", List.of("t" + (i % 3))));
            }
            kept.updateMany(Filters.lt("n", 10), Updates.set("low", true));
            kept.deleteMany(Filters.gte("n", 45));
            db.getCollection("dropped").insertOne(new Document("_id", "gone"));
            db.getCollection("dropped").drop();
            db.getCollection("dropped").insertOne(new Document("_id", "again"));
            db.createCollection("empty");
            client.getDatabase("scratch").getCollection("x").insertOne(new Document("_id", 1));
            client.getDatabase("scratch").drop();
            server.kill();
        }
        server.start();
        try (MongoClient client = server.client()) {
            MongoDatabase db = client.getDatabase("replay");
            MongoCollection<Document> kept = db.getCollection("kept");
            assertEquals(45, kept.countDocuments());
            assertEquals(10, kept.countDocuments(Filters.eq("low", true)));
            assertEquals(List.of("again"), db.getCollection("dropped").find().map(d -> d.get("_id")).into(new ArrayList<>()),
                    "the drop happened between the two inserts");
            assertTrue(db.listCollectionNames().into(new ArrayList<>()).contains("empty"), "an empty collection stays");
            assertFalse(client.listDatabaseNames().into(new ArrayList<>()).contains("scratch"), "the dropped database stays dropped");
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndEverythingAcknowledgedBeforeItStays() throws Exception {
        journalServer(Map.of());
        try (MongoClient client = server.client()) {
            MongoCollection<Document> things = client.getDatabase("torn").getCollection("things");
            for (int i = 0; i < 100; i++) {
                things.insertOne(new Document("_id", i));
            }
            server.kill();
        }
        Path journal = onlyFile("mongo.journal.");
        long good = Files.size(journal);
        // what a kill in the middle of a write leaves: a record header promising more than is there
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(8 + 10).putInt(500).putInt(12345).put(new byte[10]).flip());
        }
        server.start();
        assertTrue(server.readyLine().contains("100 records replayed") || server.readyLine().contains("101 records replayed"),
                server.readyLine());
        assertEquals(good, Files.size(journal), "the torn tail is cut off");
        try (MongoClient client = server.client()) {
            MongoCollection<Document> things = client.getDatabase("torn").getCollection("things");
            assertEquals(100, things.countDocuments());
            things.insertOne(new Document("_id", "after"));
            server.kill();
        }
        server.start();
        try (MongoClient client = server.client()) {
            assertEquals(101, client.getDatabase("torn").getCollection("things").countDocuments(),
                    "writes after the cut are read back too");
        }
    }

    @Test
    void aDamagedRecordEndsTheJournal() throws Exception {
        journalServer(Map.of());
        try (MongoClient client = server.client()) {
            MongoCollection<Document> things = client.getDatabase("torn").getCollection("things");
            for (int i = 0; i < 10; i++) {
                things.insertOne(new Document("_id", i));
            }
            server.kill();
        }
        Path journal = onlyFile("mongo.journal.");
        long size = Files.size(journal);
        // flip one byte of the last record's body: its checksum no longer matches
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, size - 3);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            ch.write(b.flip(), size - 3);
        }
        server.start();
        try (MongoClient client = server.client()) {
            assertEquals(9, client.getDatabase("torn").getCollection("things").countDocuments(),
                    "the record that fails its checksum and nothing after it");
        }
    }

    @Test
    void compactionWritesASnapshotAndTheStoreComesBackFromIt() throws Exception {
        journalServer(Map.of("PP_MONGO_COMPACT_BYTES", "20000"));
        try (MongoClient client = server.client()) {
            MongoCollection<Document> things = client.getDatabase("compact").getCollection("things");
            things.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            for (int i = 0; i < 400; i++) {
                // ~2 KB each: the snapshot spans several of the chunks it is written in
                things.insertOne(new Document("_id", i).append("email", "p" + i + "@example.com").append("pad", pad(i)));
            }
            for (int i = 0; i < 400; i += 2) {
                things.updateOne(Filters.eq("_id", i), Updates.set("even", true));
            }
            things.deleteOne(Filters.eq("_id", 399));
            waitFor(() -> files("mongo.snapshot.").size() == 1 && files("mongo.journal.").size() == 1);
            server.kill();
        }
        assertTrue(Files.size(onlyFile("mongo.snapshot.")) > 3L * StoreJournal.SNAPSHOT_CHUNK,
                "snapshot of " + Files.size(onlyFile("mongo.snapshot.")) + " bytes");
        server.start();
        assertFalse(server.readyLine().contains("snapshot 0"), server.readyLine());
        try (MongoClient client = server.client()) {
            MongoCollection<Document> things = client.getDatabase("compact").getCollection("things");
            assertEquals(399, things.countDocuments());
            assertEquals(200, things.countDocuments(Filters.eq("even", true)));
            for (Document d : things.find()) {
                assertEquals(pad(d.getInteger("_id")), d.getString("pad"), "document " + d.get("_id"));
            }
            MongoWriteException duplicate = assertThrows(MongoWriteException.class,
                    () -> things.insertOne(new Document("_id", "dup").append("email", "p7@example.com")));
            assertEquals(11000, duplicate.getError().getCode(), "the unique index is in the snapshot");
        }
    }

    /** About 2 KB that differ from one document to the next: its number in base 36, repeated. */
    private static String pad(int i) {
        String id = Integer.toString(i, 36);
        return id.repeat(2000 / id.length());
    }

    @Test
    void killsWhileCompactionsRunLoseNoAcknowledgedWrite() throws Exception {
        // a tiny threshold: a compaction starts after almost every group of writes
        journalServer(Map.of("PP_MONGO_COMPACT_BYTES", "4096"));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 3; round++) {
            try (MongoClient client = server.client()) {
                MongoCollection<Document> things = client.getDatabase("chaos").getCollection("things");
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<?>> writers = new ArrayList<>();
                int r = round;
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String id = r + "-" + writer + "-" + i;
                            try {
                                things.insertOne(new Document("_id", id).append("pad", "y".repeat(300)));
                                acknowledged.add(id);
                            } catch (RuntimeException killed) {
                                return;
                            }
                        }
                    }));
                }
                // kill once this round's writers have gone through compactions (whatever the machine's speed)
                int before = acknowledged.size();
                Set<Path> snapshotsBefore = Set.copyOf(files("mongo.snapshot."));
                waitFor(() -> acknowledged.size() - before >= 150
                        && !snapshotsBefore.containsAll(files("mongo.snapshot.")));
                server.kill();
                stop.set(true);
                for (Future<?> f : writers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                pool.shutdownNow();
            }
            server.start();
        }
        try (MongoClient client = server.client()) {
            Set<Object> stored = ConcurrentHashMap.newKeySet();
            client.getDatabase("chaos").getCollection("things").find().forEach(d -> stored.add(d.get("_id")));
            List<String> lost = acknowledged.stream().filter(id -> !stored.contains(id)).toList();
            assertEquals(List.of(), lost, "acknowledged and lost");
        }
    }

    @Test
    void aSnapshotLeftHalfWrittenByAKillIsIgnored() throws Exception {
        journalServer(Map.of());
        try (MongoClient client = server.client()) {
            MongoCollection<Document> things = client.getDatabase("half").getCollection("things");
            for (int i = 0; i < 20; i++) {
                things.insertOne(new Document("_id", i));
            }
            server.kill();
        }
        // a compaction killed before its rename: journal 1 already open, snapshot 1 still a .tmp
        Files.write(dir.resolve("mongo.snapshot.1.tmp"), new byte[] { 0, 0, 1, 0, 9, 9 });
        Files.createFile(dir.resolve("mongo.journal.1"));
        server.start();
        try (MongoClient client = server.client()) {
            MongoCollection<Document> things = client.getDatabase("half").getCollection("things");
            assertEquals(20, things.countDocuments(), "journal 0 replayed, then journal 1");
            things.insertOne(new Document("_id", "later"));
            server.kill();
        }
        assertFalse(Files.exists(dir.resolve("mongo.snapshot.1.tmp")));
        server.start();
        try (MongoClient client = server.client()) {
            assertEquals(21, client.getDatabase("half").getCollection("things").countDocuments());
        }
    }

    @Test
    void uniqueIndexesAndTheirDuplicateKeyErrorsSurviveARestart() throws Exception {
        journalServer(Map.of());
        try (MongoClient client = server.client()) {
            MongoCollection<Document> partners = client.getDatabase("unique").getCollection("partners");
            partners.createIndex(Indexes.ascending("nameKey"), new IndexOptions().unique(true).name("name_unique_ci"));
            partners.createIndex(Indexes.ascending("tier", "stage"), new IndexOptions().name("tier_stage"));
            partners.insertOne(new Document("_id", "a").append("nameKey", "acme"));
            MongoCollection<Document> requests = client.getDatabase("unique").getCollection("requests");
            requests.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("pending_unique")
                    .partialFilterExpression(Filters.eq("status", "pending")));
            requests.insertOne(new Document("_id", 1).append("email", "x@example.com").append("status", "done"));
            requests.insertOne(new Document("_id", 2).append("email", "x@example.com").append("status", "done"));
            requests.insertOne(new Document("_id", 3).append("email", "x@example.com").append("status", "pending"));
            server.kill();
        }
        server.start();
        try (MongoClient client = server.client()) {
            MongoCollection<Document> partners = client.getDatabase("unique").getCollection("partners");
            MongoWriteException duplicate = assertThrows(MongoWriteException.class,
                    () -> partners.insertOne(new Document("_id", "b").append("nameKey", "acme")));
            assertEquals(11000, duplicate.getError().getCode());
            MongoWriteException onUpdate = assertThrows(MongoWriteException.class, () -> {
                partners.insertOne(new Document("_id", "c").append("nameKey", "other"));
                partners.updateOne(Filters.eq("_id", "c"), Updates.set("nameKey", "acme"));
            });
            assertEquals(11000, onUpdate.getError().getCode());
            MongoCollection<Document> requests = client.getDatabase("unique").getCollection("requests");
            requests.insertOne(new Document("_id", 4).append("email", "x@example.com").append("status", "done"));
            MongoWriteException pending = assertThrows(MongoWriteException.class, () -> requests
                    .insertOne(new Document("_id", 5).append("email", "x@example.com").append("status", "pending")));
            assertEquals(11000, pending.getError().getCode(), "the partial unique index holds the pending ones only");
            requests.updateOne(Filters.eq("_id", 3), Updates.set("status", "done"));
            requests.insertOne(new Document("_id", 5).append("email", "x@example.com").append("status", "pending"));
            assertEquals(5, requests.countDocuments());
            List<String> names = new ArrayList<>();
            partners.listIndexes().forEach(i -> names.add(i.getString("name")));
            assertEquals(Set.of("_id_", "name_unique_ci", "tier_stage"), Set.copyOf(names));
        }
    }

    @Test
    void anOldStacksH2FileIsImportedOnce() throws Exception {
        server = new WireServerProcess(dir.resolve("mongo.mv"), Map.of("PP_MONGO_BACKEND", "h2")).start();
        try (MongoClient client = server.client()) {
            MongoCollection<Document> partners = client.getDatabase("old").getCollection("partners");
            partners.createIndex(Indexes.ascending("nameKey"), new IndexOptions().unique(true));
            for (int i = 0; i < 30; i++) {
                partners.insertOne(new Document("_id", "p" + i).append("nameKey", "n" + i));
            }
            server.stop();
        }
        server = new WireServerProcess(dir.resolve("mongo.mv"), Map.of()).start();
        assertTrue(Files.exists(dir.resolve("mongo.mv.imported")));
        assertFalse(Files.exists(dir.resolve("mongo.mv")));
        try (MongoClient client = server.client()) {
            MongoCollection<Document> partners = client.getDatabase("old").getCollection("partners");
            assertEquals(30, partners.countDocuments());
            MongoWriteException duplicate = assertThrows(MongoWriteException.class,
                    () -> partners.insertOne(new Document("_id", "x").append("nameKey", "n3")));
            assertEquals(11000, duplicate.getError().getCode());
            partners.insertOne(new Document("_id", "new").append("nameKey", "fresh"));
            server.kill();
        }
        server.start();
        try (MongoClient client = server.client()) {
            assertEquals(31, client.getDatabase("old").getCollection("partners").countDocuments(),
                    "the import happened once; later writes are journaled");
        }
    }

    private List<Path> files(String prefix) throws Exception {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && !p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private Path onlyFile(String prefix) throws Exception {
        List<Path> found = files(prefix);
        assertEquals(1, found.size(), "files " + prefix + "*: " + found);
        return found.get(0);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 120 s");
            }
            Thread.sleep(50);
        }
    }
}

package org.partnerportal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The indexes change how much is read, never what is answered: the same documents, writes and
 * queries go to the journal store (indexes declared, so used) and to mongo-java-server's own
 * memory backend (every query a scan and a stable sort), and every answer must be the same list
 * in the same order — filters on indexed prefixes, ranges, keyset cursors, sorts the index gives
 * wholly or in part, skips and limits, multikey and partial indexes, mixed value types, after
 * updates, deletes and inserts that reuse positions. The plans are checked too, so that the
 * comparison is not between two scans.
 */
class IndexedQueryTest {

    private static final String[] STAGES = { "draft", "contacted", "active", "closed" };
    private static final String[] TAGS = { "a", "b", "c", "d" };
    private static final List<Bson> SORTS = List.of(
            Sorts.ascending("tierRank", "nameKey", "_id"),
            Sorts.ascending("nameKey"),
            Sorts.orderBy(Sorts.descending("updatedAt"), Sorts.ascending("nameKey", "_id")),
            Sorts.orderBy(Sorts.descending("engagement.lastEngagementDate"), Sorts.ascending("tierRank", "nameKey", "_id")),
            Sorts.descending("tierRank"),
            Sorts.ascending("tierRank"),
            Sorts.ascending("score"),
            Sorts.ascending("updatedAt"),
            Sorts.orderBy(Sorts.ascending("tierRank"), Sorts.descending("stage")));

    @TempDir
    Path dir;

    private MongoServer indexedServer;
    private MongoServer plainServer;
    private JournaledBackend backend;
    private MongoClient indexedClient;
    private MongoClient plainClient;
    private MongoCollection<Document> indexed;
    private MongoCollection<Document> plain;
    private final Random random = new Random(20261204);
    private int nextId;

    @BeforeEach
    void start() throws Exception {
        backend = new JournaledBackend(new StoreJournal(dir, "mongo", false), Long.MAX_VALUE);
        backend.open();
        indexedServer = new MongoServer(backend);
        int indexedPort = WireServerProcess.freePort();
        indexedServer.bind("127.0.0.1", indexedPort);
        plainServer = new MongoServer(new MemoryBackend());
        int plainPort = WireServerProcess.freePort();
        plainServer.bind("127.0.0.1", plainPort);
        indexedClient = MongoClients.create("mongodb://127.0.0.1:" + indexedPort);
        plainClient = MongoClients.create("mongodb://127.0.0.1:" + plainPort);
        indexed = indexedClient.getDatabase("q").getCollection("partners");
        plain = plainClient.getDatabase("q").getCollection("partners");
    }

    @AfterEach
    void stop() {
        indexedClient.close();
        plainClient.close();
        indexedServer.shutdownNow();
        plainServer.shutdownNow();
    }

    private void both(Consumer<MongoCollection<Document>> write) {
        write.accept(indexed);
        write.accept(plain);
    }

    private void declareIndexes() {
        both(c -> {
            c.createIndex(Indexes.ascending("nameKey"), new IndexOptions().unique(true).name("name_unique_ci"));
            c.createIndex(Indexes.ascending("archived", "deletedAt", "tierRank", "nameKey", "_id"),
                    new IndexOptions().name("directory_tier"));
            c.createIndex(Indexes.compoundIndex(Indexes.ascending("archived", "deletedAt"), Indexes.descending("updatedAt"),
                    Indexes.ascending("nameKey", "_id")), new IndexOptions().name("directory_updated"));
            c.createIndex(Indexes.compoundIndex(Indexes.ascending("archived", "deletedAt"),
                    Indexes.descending("engagement.lastEngagementDate"), Indexes.ascending("tierRank", "nameKey", "_id")),
                    new IndexOptions().name("directory_engagement"));
            c.createIndex(Indexes.ascending("tags"), new IndexOptions().name("tags"));
            c.createIndex(Indexes.ascending("score"), new IndexOptions().name("score"));
            c.createIndex(Indexes.ascending("tierRank", "stage"), new IndexOptions().name("tier_stage"));
            c.createIndex(Indexes.ascending("stage"),
                    new IndexOptions().name("archived_stage").partialFilterExpression(Filters.eq("archived", true)));
        });
    }

    private Document partner() {
        int i = nextId++;
        Document d = new Document("_id", "p" + String.format("%05d", random.nextInt(100_000)) + "-" + i)
                .append("nameKey", "name-" + Integer.toString(random.nextInt(1 << 20), 36) + "-" + i)
                .append("archived", random.nextInt(10) == 0)
                .append("tierRank", random.nextInt(10) == 0 ? (Object) Long.valueOf(1 + random.nextInt(5)) : 1 + random.nextInt(5))
                .append("stage", STAGES[random.nextInt(STAGES.length)])
                .append("updatedAt", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * random.nextInt(40)));
        switch (random.nextInt(20)) {
            case 0 -> d.append("deletedAt", Instant.parse("2026-02-01T00:00:00Z"));
            case 1 -> d.append("deletedAt", null);
            default -> { }
        }
        switch (random.nextInt(4)) {
            case 0 -> { }
            case 1 -> d.append("engagement", new Document());
            default -> d.append("engagement", new Document("lastEngagementDate",
                    Instant.parse("2026-03-01T00:00:00Z").plusSeconds(86_400L * random.nextInt(30))));
        }
        int tags = random.nextInt(5);
        if (tags < 4) {
            List<String> t = new ArrayList<>();
            for (int k = 0; k < tags; k++) {
                t.add(TAGS[random.nextInt(TAGS.length)]);
            }
            d.append("tags", t);
        }
        switch (random.nextInt(6)) {
            case 0 -> d.append("score", random.nextInt(10));
            case 1 -> d.append("score", random.nextDouble() * 10);
            case 2 -> d.append("score", "s" + random.nextInt(10));
            case 3 -> d.append("score", null);
            case 4 -> d.append("score", (long) random.nextInt(10));
            default -> { }
        }
        return d;
    }

    private Bson filter(List<Document> sample) {
        Document any = sample.get(random.nextInt(sample.size()));
        Instant from = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * random.nextInt(40));
        return switch (random.nextInt(14)) {
            case 0 -> new Document();
            case 1, 2, 3 -> Filters.and(Filters.eq("archived", false), Filters.eq("deletedAt", null));
            case 4 -> Filters.eq("archived", random.nextBoolean());
            case 5 -> Filters.eq("tierRank", 1 + random.nextInt(5));
            case 6 -> Filters.eq("tags", TAGS[random.nextInt(TAGS.length)]);
            case 7 -> Filters.gt("score", random.nextInt(10));
            case 8 -> Filters.lte("score", "s" + random.nextInt(10));
            case 9 -> Filters.and(Filters.eq("archived", true), Filters.eq("stage", STAGES[random.nextInt(4)]));
            case 10 -> Filters.and(Filters.eq("archived", false), Filters.eq("deletedAt", null),
                    Filters.gte("updatedAt", from), Filters.lt("updatedAt", from.plusSeconds(36_000)));
            case 11 -> Filters.and(Filters.eq("_id", any.get("_id")), Filters.eq("archived", any.get("archived")));
            case 12 -> Filters.and(Filters.in("_id", sample.get(0).get("_id"), any.get("_id"), "nope"),
                    Filters.eq("deletedAt", null));
            default -> Filters.and(Filters.eq("archived", false), Filters.eq("deletedAt", null),
                    Filters.eq("tierRank", 1 + random.nextInt(5)),
                    Filters.regex("nameKey", "name-" + Integer.toString(random.nextInt(36), 36)));
        };
    }

    /** The keyset condition "after this document" for a sort: (k1 > v1) or (k1 = v1 and k2 > v2) or ... */
    private static Bson after(Document sort, Document at) {
        List<Bson> branches = new ArrayList<>();
        List<String> keys = new ArrayList<>(sort.keySet());
        for (int i = 0; i < keys.size(); i++) {
            List<Bson> branch = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                branch.add(Filters.eq(keys.get(j), value(at, keys.get(j))));
            }
            String key = keys.get(i);
            boolean ascending = ((Number) sort.get(key)).intValue() > 0;
            branch.add(ascending ? Filters.gt(key, value(at, key)) : Filters.lt(key, value(at, key)));
            branches.add(Filters.and(branch));
        }
        return Filters.or(branches);
    }

    private static Object value(Document d, String path) {
        Object v = d;
        for (String part : path.split("\\.")) {
            v = v instanceof Document doc ? doc.get(part) : null;
        }
        return v;
    }

    private List<Document> run(MongoCollection<Document> c, Bson filter, Bson sort, int skip, int limit) {
        FindIterable<Document> find = c.find(filter);
        if (sort != null) {
            find = find.sort(sort);
        }
        return find.skip(skip).limit(limit).into(new ArrayList<>());
    }

    private void compare(Bson filter, Bson sort, int skip, int limit) {
        List<Document> expected = run(plain, filter, sort, skip, limit);
        List<Document> actual = run(indexed, filter, sort, skip, limit);
        assertEquals(expected, actual, () -> "filter " + filter + " sort " + sort + " skip " + skip + " limit " + limit);
    }

    @Test
    void indexedAnswersEqualThoseOfAScanAcrossQueriesAndWrites() {
        declareIndexes();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            docs.add(partner());
        }
        both(c -> c.insertMany(docs.stream().map(Document::new).toList()));

        int compared = 0;
        for (int round = 0; round < 3; round++) {
            for (int q = 0; q < 100; q++) {
                Bson filter = filter(docs);
                Bson sort = random.nextInt(6) == 0 ? null : SORTS.get(random.nextInt(SORTS.size()));
                int skip = random.nextInt(3) == 0 ? random.nextInt(200) : 0;
                int limit = random.nextInt(3) == 0 ? 0 : 20;
                compare(filter, sort, skip, limit);
                assertEquals(plain.countDocuments(filter), indexed.countDocuments(filter), () -> "count " + filter);
                if (sort != null) {
                    // a keyset page: after a document somewhere in the full answer
                    List<Document> all = run(plain, filter, sort, 0, 0);
                    if (!all.isEmpty()) {
                        Document at = all.get(random.nextInt(all.size()));
                        Document sortDoc = sort.toBsonDocument().entrySet().stream().collect(Document::new,
                                (d, e) -> d.append(e.getKey(), e.getValue().asNumber().intValue()), Document::putAll);
                        compare(Filters.and(filter, after(sortDoc, at)), sort, 0, 20);
                    }
                }
                compared++;
            }
            // writes between rounds: updates that move documents in the indexes, deletes, inserts into freed slots
            for (int k = 0; k < 60; k++) {
                Document d = docs.get(random.nextInt(docs.size()));
                Bson update = switch (random.nextInt(5)) {
                    case 0 -> Updates.set("tierRank", 1 + random.nextInt(5));
                    case 1 -> Updates.set("updatedAt", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * random.nextInt(40)));
                    case 2 -> Updates.set("tags", List.of(TAGS[random.nextInt(4)], TAGS[random.nextInt(4)]));
                    case 3 -> Updates.set("archived", random.nextBoolean());
                    default -> Updates.unset("engagement");
                };
                both(c -> c.updateOne(Filters.eq("_id", d.get("_id")), update));
            }
            for (int k = 0; k < 30; k++) {
                Document d = docs.remove(random.nextInt(docs.size()));
                both(c -> c.deleteOne(Filters.eq("_id", d.get("_id"))));
            }
            for (int k = 0; k < 30; k++) {
                Document d = partner();
                docs.add(d);
                both(c -> c.insertOne(new Document(d)));
            }
        }
        assertEquals(300, compared);
    }

    @Test
    void theDirectoryPageWalksItsIndexAndCountsFromIt() {
        declareIndexes();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            docs.add(partner());
        }
        both(c -> c.insertMany(docs.stream().map(Document::new).toList()));
        IndexedCollection partners = (IndexedCollection) backend.resolveDatabase("q").resolveCollection("partners", false);
        de.bwaldvogel.mongo.bson.Document live = new de.bwaldvogel.mongo.bson.Document("archived", false).append("deletedAt", null);
        de.bwaldvogel.mongo.bson.Document byTier = new de.bwaldvogel.mongo.bson.Document("tierRank", 1).append("nameKey", 1)
                .append("_id", 1);
        assertEquals("directory_tier (sorted)", partners.explain(live, byTier, true));
        assertEquals("name_unique_ci (sorted)", partners.explain(new de.bwaldvogel.mongo.bson.Document(),
                new de.bwaldvogel.mongo.bson.Document("nameKey", 1), true));
        assertEquals("directory_updated (sorted)", partners.explain(live,
                new de.bwaldvogel.mongo.bson.Document("updatedAt", -1).append("nameKey", 1).append("_id", 1), true));
        assertEquals("_id_", partners.explain(new de.bwaldvogel.mongo.bson.Document("_id", "x").append("version", 3), null, false),
                "an update on {_id, version} looks the _id up");
        assertEquals("tags", partners.explain(new de.bwaldvogel.mongo.bson.Document("tags", "a"), null, false));
        assertNull(partners.explain(new de.bwaldvogel.mongo.bson.Document("stage", "draft"), null, false),
                "a partial index is not used for a filter that does not imply its own");
        assertEquals("archived_stage", partners.explain(new de.bwaldvogel.mongo.bson.Document("archived", true).append("stage", "draft"),
                null, false));
        long expected = plain.countDocuments(Filters.and(Filters.eq("archived", false), Filters.eq("deletedAt", null)));
        assertTrue(expected > 0);
        assertEquals(expected, indexed.countDocuments(Filters.and(Filters.eq("archived", false), Filters.eq("deletedAt", null))));
        assertNotNull(partners.explain(new de.bwaldvogel.mongo.bson.Document("archived", false), byTier, true));
    }

    @Test
    void aSkippedPageAndTheTotalDoNotWalkTheEntriesBeforeThePage() {
        declareIndexes();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            docs.add(partner());
        }
        both(c -> c.insertMany(docs.stream().map(Document::new).toList()));
        SortedIndex byTier = ((IndexedCollection) backend.resolveDatabase("q").resolveCollection("partners", false))
                .sortedIndex("directory_tier");
        Bson live = Filters.and(Filters.eq("archived", false), Filters.eq("deletedAt", null));
        long total = plain.countDocuments(live);
        assertTrue(total > 2500, "total " + total);

        long before = byTier.stepped();
        assertEquals(total, indexed.countDocuments(live));
        assertEquals(before, byTier.stepped(), "the total is the size of the index range, not a walk of it");
        for (int skip : new int[] { 2000, (int) total - 10, 1 }) {
            before = byTier.stepped();
            compare(live, SORTS.get(0), skip, 20);
            long walked = byTier.stepped() - before;
            assertTrue(walked <= 21, "a page of 20 after " + skip + " walked " + walked + " entries");
        }
        // ties: a page starting inside a run of equal tiers still answers as the stable sort does
        compare(live, Sorts.ascending("tierRank"), 1234, 20);
        compare(live, Sorts.descending("tierRank"), 1234, 20);
    }
}

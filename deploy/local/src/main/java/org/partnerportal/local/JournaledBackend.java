package org.partnerportal.local;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * The local stack's store: mongo-java-server's in-memory backend ({@link IndexedDatabase},
 * {@link IndexedCollection}: declared indexes used) behind a durable journal
 * ({@link StoreJournal}).
 * <p>
 * A command that may change something runs, journaling each document it changes, and its reply
 * waits until those records are in the journal file: so an acknowledged write survives a
 * {@code kill -9} right after the reply, and writers that finish together share one write.
 * Commands that change the schema (create, createIndexes, drop, dropIndexes, dropDatabase,
 * renameCollection) run alone and are journaled as the command itself, replayed as such at start.
 * Commands that only read neither lock nor wait.
 * <p>
 * At start the newest snapshot is loaded and the journals after it replayed; when the journal
 * outgrows both the threshold and the last snapshot, a compaction writes a new snapshot in the
 * background (writers are held only while the documents are listed, not while they are encoded and
 * written).
 */
final class JournaledBackend extends AbstractMongoBackend {

    /** Commands that change nothing: no lock, no journal, no wait. */
    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "hello", "ismaster", "ping", "buildinfo", "killcursors", "endsessions",
            "serverstatus", "dbstats", "collstats", "getparameter", "connectionstatus", "whatsmyuri", "hostinfo",
            "getcmdlineopts", "currentop", "getlog", "saslstart", "saslcontinue", "getlasterror");
    /** Commands that change collections or indexes rather than documents: journaled as commands. */
    private static final Set<String> SCHEMA = Set.of("create", "createindexes", "drop", "dropindexes", "dropdatabase",
            "renamecollection");

    private static final ThreadLocal<boolean[]> IN_SCHEMA_COMMAND = ThreadLocal.withInitial(() -> new boolean[1]);

    private final StoreJournal journal;
    private final long compactBytes;
    /** Shared by writers, taken alone by schema commands and by a compaction's copy. */
    private final ReentrantReadWriteLock writers = new ReentrantReadWriteLock();
    private final ExecutorService compactor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mongo-compaction");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final Channel replayChannel = new EmbeddedChannel();
    private volatile StoreJournal.Recovery recovery;

    JournaledBackend(StoreJournal journal, long compactBytes) {
        this.journal = journal;
        this.compactBytes = compactBytes;
    }

    /** Loads the snapshot and replays the journals; the store is ready afterwards. */
    StoreJournal.Recovery open() throws IOException {
        recovery = journal.recover(this::apply);
        maybeCompact();
        return recovery;
    }

    static boolean inSchemaCommand() {
        return IN_SCHEMA_COMMAND.get()[0];
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedDatabase(databaseName, getCursorRegistry(), journal);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (READS.contains(name)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        boolean schema = SCHEMA.contains(name);
        ReentrantReadWriteLock.ReadLock shared = writers.readLock();
        ReentrantReadWriteLock.WriteLock alone = writers.writeLock();
        Document asSent = schema ? query.cloneDeeply() : null;
        if (schema) {
            alone.lock();
        } else {
            shared.lock();
        }
        try {
            journal.beginCommand();
            IN_SCHEMA_COMMAND.get()[0] = schema;
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                IN_SCHEMA_COMMAND.get()[0] = false;
                if (schema) {
                    // replayed as sent, failing or not: it does at start what it did now, on the same state
                    journal.append(new Document("o", StoreJournal.COMMAND).append("d", databaseName)
                            .append("n", command).append("q", asSent));
                }
            }
        } finally {
            if (schema) {
                alone.unlock();
            } else {
                shared.unlock();
            }
            // (a return from inside the try above still passes here before the reply goes out)
            awaitIfAppended();
        }
    }

    private void awaitIfAppended() {
        long last = journal.endCommand();
        if (last > 0) {
            journal.awaitDurable(last);
            journal.beginCommand();
            maybeCompact();
        }
    }

    /** Applies one record read back from the files. */
    void apply(Document record) {
        String op = (String) record.get("o");
        String db = (String) record.get("d");
        switch (op) {
            case StoreJournal.PUT -> collection(db, (String) record.get("c")).restore((Document) record.get("v"));
            case StoreJournal.DELETE -> collection(db, (String) record.get("c")).restoreDelete(record.get("i"));
            case StoreJournal.ENSURE -> collection(db, (String) record.get("c"));
            case StoreJournal.COMMAND -> {
                String command = (String) record.get("n");
                try {
                    super.handleCommand(replayChannel, db, command, (Document) record.get("q"));
                } catch (RuntimeException e) {
                    // it failed the same way when it was first run (an index build refused by a duplicate)
                }
            }
            default -> throw new IllegalStateException("unknown journal record " + op);
        }
    }

    private IndexedCollection collection(String db, String name) {
        IndexedDatabase database = (IndexedDatabase) resolveDatabase(db);
        MongoCollection<?> collection = database.resolveCollection(name, false);
        if (collection == null) {
            collection = database.createCollectionOrThrowIfExists(name);
        }
        return (IndexedCollection) collection;
    }

    // ---- compaction ---------------------------------------------------------------------------

    private void maybeCompact() {
        if (journal.wantsCompaction(compactBytes) && compacting.compareAndSet(false, true)) {
            compactor.execute(() -> {
                try {
                    compact();
                } catch (Throwable e) {
                    // the journal still holds everything: a failed compaction loses nothing
                    System.err.println("MongoDB wire server: compaction failed, the journal keeps growing: " + e);
                } finally {
                    compacting.set(false);
                }
            });
        }
    }

    /**
     * Writes a snapshot of the whole store and starts a new journal generation; returns it. Writers
     * are held only while the journal turns over and each collection's stored documents are listed
     * (references, not records): a stored document is never changed in place
     * ({@link IndexedCollection} stores a changed copy), so the lists keep the state of that moment
     * while writers go on, and the records are made, encoded and written after. The journal is
     * forced before the hold, so that the force inside it has only the last writes left: forcing
     * tens of MB of written journal inside it held every writer of the stack for 36-206 ms.
     */
    long compact() throws IOException {
        List<CollectionImage> images = new ArrayList<>();
        long generation;
        long started = System.nanoTime();
        journal.forceAhead();
        long forced = System.nanoTime();
        writers.writeLock().lock();
        try {
            generation = journal.rotate();
            for (String dbName : new ArrayList<>(listDatabaseNames())) {
                capture(resolveDatabase(dbName), images);
            }
        } finally {
            writers.writeLock().unlock();
        }
        long held = System.nanoTime() - forced;
        long count = images.stream().mapToLong(CollectionImage::recordCount).sum();
        journal.writeSnapshot(generation, () -> images.stream().flatMap(CollectionImage::records).iterator());
        System.out.printf(Locale.ROOT,
                "MongoDB wire server: %s snapshot %d of %d records, journal forced ahead in %.1f ms, writers held %.1f ms,"
                        + " written in %d ms%n", Instant.now(), generation, count, (forced - started) / 1e6, held / 1e6,
                (System.nanoTime() - started) / 1_000_000);
        return generation;
    }

    /** Adds a database's collections, documents and indexes to {@code records}; used for the H2 import. */
    static void snapshot(MongoDatabase database, List<Document> records) {
        List<CollectionImage> images = new ArrayList<>();
        capture(database, images);
        images.forEach(image -> image.records().forEach(records::add));
    }

    /** One collection as a snapshot holds it: its documents as they were when listed, and its indexes. */
    private record CollectionImage(String db, String name, List<Document> documents, List<Document> indexes) {

        long recordCount() {
            return 1L + documents.size() + indexes.size();
        }

        /** Its creation, its documents, its indexes: the records that rebuild it. */
        Stream<Document> records() {
            return Stream.of(
                    Stream.of(new Document("o", StoreJournal.ENSURE).append("d", db).append("c", name)),
                    documents.stream().map(d -> new Document("o", StoreJournal.PUT).append("d", db).append("c", name)
                            .append("v", d)),
                    indexes.stream().map(description -> new Document("o", StoreJournal.COMMAND).append("d", db)
                            .append("n", "createIndexes")
                            .append("q", new Document("createIndexes", name).append("indexes", List.of(description)))))
                    .flatMap(s -> s);
        }
    }

    /** Lists a database's collections: their stored documents (references) and index descriptions. */
    private static void capture(MongoDatabase database, List<CollectionImage> images) {
        String db = database.getDatabaseName();
        MongoCollection<?> namespaces = database.resolveCollection("system.namespaces", false);
        MongoCollection<?> indexes = database.resolveCollection("system.indexes", false);
        if (namespaces == null) {
            return;
        }
        for (Document ns : namespaces.queryAll()) {
            String full = (String) ns.get("name");
            String name = full.substring(db.length() + 1);
            if (name.startsWith("system.")) {
                continue;
            }
            MongoCollection<?> collection = database.resolveCollection(name, false);
            if (collection == null) {
                continue;
            }
            List<Document> documents;
            if (collection instanceof IndexedCollection ic) {
                documents = ic.allDocuments();
            } else {
                documents = new ArrayList<>();
                collection.queryAll().forEach(documents::add);
            }
            List<Document> descriptions = new ArrayList<>();
            if (indexes != null) {
                for (Document index : indexes.handleQuery(new Document("ns", full))) {
                    if ("_id_".equals(index.get("name"))) {
                        continue;
                    }
                    Document description = index.clone();
                    description.remove("ns");
                    descriptions.add(description);
                }
            }
            images.add(new CollectionImage(db, name, documents, descriptions));
        }
    }

    StoreJournal.Recovery recovery() {
        return recovery;
    }

    @Override
    public void close() {
        super.close();
        compactor.shutdown();
        try {
            journal.close();
        } catch (IOException e) {
            System.err.println("MongoDB wire server: the journal did not close cleanly: " + e);
        }
    }
}

package org.partnerportal.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
     * are held only while the journal turns over and the stored documents are listed: a stored
     * document is never changed in place ({@link IndexedCollection} stores a changed copy), so the
     * list keeps the state of that moment while writers go on, and is encoded and written after.
     */
    long compact() throws IOException {
        List<Document> records;
        long generation;
        long started = System.nanoTime();
        long held;
        writers.writeLock().lock();
        try {
            generation = journal.rotate();
            records = snapshotRecords();
        } finally {
            writers.writeLock().unlock();
            held = System.nanoTime() - started;
        }
        journal.writeSnapshot(generation, records);
        System.out.printf(Locale.ROOT, "MongoDB wire server: snapshot %d of %d records, writers held %.1f ms, written in %d ms%n",
                generation, records.size(), held / 1e6, (System.nanoTime() - started) / 1_000_000);
        return generation;
    }

    /** The whole store as records: per collection its creation, its documents, its indexes. */
    private List<Document> snapshotRecords() {
        List<Document> records = new ArrayList<>();
        for (String dbName : new ArrayList<>(listDatabaseNames())) {
            snapshot(resolveDatabase(dbName), records);
        }
        return records;
    }

    /** Adds a database's collections, documents and indexes to {@code records}; used for the H2 import too. */
    static void snapshot(MongoDatabase database, List<Document> records) {
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
            records.add(new Document("o", StoreJournal.ENSURE).append("d", db).append("c", name));
            Iterable<Document> documents = collection instanceof IndexedCollection ic ? ic.allDocuments()
                    : collection.queryAll();
            for (Document d : documents) {
                records.add(new Document("o", StoreJournal.PUT).append("d", db).append("c", name).append("v", d));
            }
            if (indexes == null) {
                continue;
            }
            for (Document index : indexes.handleQuery(new Document("ns", full))) {
                if ("_id_".equals(index.get("name"))) {
                    continue;
                }
                Document description = index.clone();
                description.remove("ns");
                records.add(new Document("o", StoreJournal.COMMAND).append("d", db).append("n", "createIndexes")
                        .append("q", new Document("createIndexes", name).append("indexes", List.of(description))));
            }
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

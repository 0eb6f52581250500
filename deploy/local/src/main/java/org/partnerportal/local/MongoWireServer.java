package org.partnerportal.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The local stack's MongoDB: mongo-java-server speaking the MongoDB wire protocol, keeping its
 * data so that it survives a stop, a restart and a {@code kill -9}: what it acknowledged is on
 * disk before the reply goes out.
 * <p>
 * Usage: {@code MongoWireServer [data-file [port [host]]]}; missing arguments come from
 * {@code PP_MONGO_FILE}, {@code PP_MONGO_PORT} and {@code PP_MONGO_HOST} (defaults
 * {@code .local/stack/data/mongo/mongo.mv}, 27017, 127.0.0.1).
 * <p>
 * {@code PP_MONGO_BACKEND} picks the store:
 * <ul>
 * <li>{@code journal} (default): the documents in memory, indexes used
 * ({@link JournaledBackend}), every change in {@code <stem>.journal.<n>} beside the data file
 * ({@code mongo.journal.0} for {@code mongo.mv}), compacted into {@code <stem>.snapshot.<n>}.
 * {@code PP_MONGO_FSYNC=true} forces each group of writes to the disk (default: written to the
 * file, which outlives the process but not a power cut); {@code PP_MONGO_COMPACT_BYTES} (default
 * 64 MiB) is the journal size beyond which (and beyond the last snapshot's size) a snapshot is
 * written. A data file left by the H2 store is imported once at the first start and renamed to
 * {@code <data-file>.imported};</li>
 * <li>{@code h2}: the former store, one H2 MVStore file saved before each reply
 * ({@link DurableH2Backend}); kept to compare the two (deploy/bench/store).</li>
 * </ul>
 */
public final class MongoWireServer {

    /**
     * The H2 store's own timed save, kept as a backstop for changes made outside a command (index
     * builds, cursor clean-up); every command's changes are saved before its reply.
     */
    private static final int AUTO_COMMIT_DELAY_MS = 100;
    private static final long DEFAULT_COMPACT_BYTES = 64L << 20;

    private MongoWireServer() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Path file = Path.of(arg(args, 0, "PP_MONGO_FILE", ".local/stack/data/mongo/mongo.mv")).toAbsolutePath();
        int port = Integer.parseInt(arg(args, 1, "PP_MONGO_PORT", "27017"));
        String host = arg(args, 2, "PP_MONGO_HOST", "127.0.0.1");
        String kind = arg(args, 99, "PP_MONGO_BACKEND", "journal").toLowerCase(Locale.ROOT);

        Files.createDirectories(file.getParent());
        long started = System.nanoTime();
        MongoBackend backend;
        String where;
        switch (kind) {
            case "h2" -> {
                MVStore store = new MVStore.Builder().fileName(file.toString()).open();
                store.setAutoCommitDelay(AUTO_COMMIT_DELAY_MS);
                backend = new DurableH2Backend(store);
                where = "data in " + file;
            }
            case "journal" -> {
                boolean fsync = Boolean.parseBoolean(arg(args, 99, "PP_MONGO_FSYNC", "false"));
                long compactBytes = Long.parseLong(arg(args, 99, "PP_MONGO_COMPACT_BYTES",
                        String.valueOf(DEFAULT_COMPACT_BYTES)));
                StoreJournal journal = new StoreJournal(file.getParent(), stem(file), fsync);
                importH2Once(file, journal);
                JournaledBackend journaled = new JournaledBackend(journal, compactBytes);
                StoreJournal.Recovery r = journaled.open();
                backend = journaled;
                where = "journal in " + file.getParent() + "/" + stem(file) + ".{snapshot,journal}.*, "
                        + r.records() + " records replayed in " + r.millis() + " ms (snapshot " + r.snapshotGeneration()
                        + ", journal " + r.journalGeneration() + "), " + journal.bytesOnDisk() + " bytes, fsync "
                        + fsync;
            }
            default -> throw new IllegalArgumentException("PP_MONGO_BACKEND must be journal or h2, not " + kind);
        }
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        System.out.println("MongoDB wire server on " + host + ":" + port + ", " + kind + " store, " + where
                + ", ready after " + (System.nanoTime() - started) / 1_000_000 + " ms");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("MongoDB wire server stopping");
            // shutdown() closes the backend: the H2 file is committed, the journal's buffer written
            server.shutdown();
            stopped.countDown();
            System.out.println("MongoDB wire server stopped");
        }, "mongo-wire-stop"));
        stopped.await();
    }

    /** {@code mongo} for {@code mongo.mv}: the journal's files are named after the data file. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * A stack made before the journal has its data in the H2 file: at the first start of the
     * journal store, that file becomes its first snapshot and is renamed, so it is read only once.
     */
    private static void importH2Once(Path file, StoreJournal journal) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0 || !journal.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        List<Document> records = new ArrayList<>();
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            ListingH2Backend h2 = new ListingH2Backend(store);
            for (String db : h2.databaseNames()) {
                JournaledBackend.snapshot(h2.resolveDatabase(db), records);
            }
        } finally {
            store.close();
        }
        journal.writeInitialSnapshot(records);
        Path done = file.resolveSibling(file.getFileName() + ".imported");
        Files.move(file, done, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("MongoDB wire server: imported " + records.size() + " records from the H2 file " + file
                + " in " + (System.nanoTime() - started) / 1_000_000 + " ms; it is kept as " + done);
    }

    /** The H2 backend, asked which databases its file holds. */
    private static final class ListingH2Backend extends H2Backend {
        ListingH2Backend(MVStore store) {
            super(store);
        }

        Set<String> databaseNames() {
            return Set.copyOf(listDatabaseNames());
        }
    }

    private static String arg(String[] args, int index, String env, String fallback) {
        if (args.length > index && !args[index].isBlank()) {
            return args[index];
        }
        String value = System.getenv(env);
        if (value == null || value.isBlank()) {
            value = System.getProperty(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}

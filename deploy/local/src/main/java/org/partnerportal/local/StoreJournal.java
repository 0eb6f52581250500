package org.partnerportal.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The store's files: a snapshot of every document and index at one moment, and an append-only
 * journal of every change since. Generation {@code g} is {@code <stem>.snapshot.<g>} (the state
 * when journal {@code g} began; absent for generation 0) followed by {@code <stem>.journal.<g>}.
 * <p>
 * A record is {@code [length][crc32][BSON]}; a record cut short or whose checksum fails ends the
 * journal (the tail a {@code kill -9} in the middle of a write leaves) and is cut off at start.
 * <p>
 * Writers append records to a buffer while they change the in-memory store, then call
 * {@link #awaitDurable}: the first to arrive writes the whole buffer in one {@code write} (and
 * one {@code force} with {@code fsync}), and everyone whose records it carried returns (group
 * commit). Compaction starts a new generation: the buffer goes to the old journal, a new journal
 * starts, the state is written to {@code snapshot.<g+1>.tmp}, forced, renamed; only then are the
 * older files deleted, so a kill at any step leaves either the old snapshot with both journals or
 * the new one with the new journal.
 */
final class StoreJournal implements AutoCloseable {

    /** What a record says; see {@link JournaledBackend#apply}. */
    static final String PUT = "p", DELETE = "d", ENSURE = "e", COMMAND = "x";

    /** Below half of G1's smallest region (1 MB): never a humongous allocation. */
    static final int SNAPSHOT_CHUNK = 256 << 10;
    private static final Pattern FILE = Pattern.compile("(.+)\\.(snapshot|journal)\\.(\\d+)");

    private final Path dir;
    private final String stem;
    private final boolean fsync;

    private final Object lock = new Object();
    /** Records appended and not yet written. Guarded by {@link #lock}. */
    private ByteArrayOutputStream pending = new ByteArrayOutputStream(1 << 16);
    private long appended;
    private long durable;
    private boolean writing;
    private FileChannel journal;
    private long generation;
    private long journalBytes;
    private long snapshotBytes;
    /** Off while the files are read back at start, so that replaying does not journal again. */
    private volatile boolean recording;

    /** The last record the current command appended, per thread (commands run on one thread). */
    private final ThreadLocal<long[]> lastOfCommand = ThreadLocal.withInitial(() -> new long[1]);

    StoreJournal(Path dir, String stem, boolean fsync) {
        this.dir = dir;
        this.stem = stem;
        this.fsync = fsync;
    }

    // ---- start-up ----------------------------------------------------------------------------

    /** The generations on disk, read back in order through {@code apply}; then the journal is opened for appends. */
    Recovery recover(Consumer<Document> apply) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path tmp : files.filter(p -> p.getFileName().toString().startsWith(stem + ".snapshot.")
                    && p.getFileName().toString().endsWith(".tmp")).toList()) {
                // a compaction that was killed before its rename: the journals still hold everything
                Files.deleteIfExists(tmp);
            }
        }
        TreeSet<Long> snapshots = generations("snapshot");
        TreeSet<Long> journals = generations("journal");
        long base = snapshots.isEmpty() ? 0 : snapshots.last();
        long start = System.nanoTime();
        long records = 0;
        if (base > 0) {
            Path snapshot = file("snapshot", base);
            ReadResult read = read(snapshot, apply);
            if (read.torn()) {
                // a snapshot is renamed into place only once it is complete and forced
                throw new IOException("snapshot " + snapshot + " is damaged at byte " + read.goodBytes());
            }
            records += read.records();
            snapshotBytes = Files.size(snapshot);
        }
        long last = base;
        for (long g : journals.tailSet(base, true)) {
            Path path = file("journal", g);
            ReadResult read = read(path, apply);
            records += read.records();
            if (read.torn()) {
                System.out.println("journal " + path.getFileName() + ": a torn record after " + read.records()
                        + " records at byte " + read.goodBytes() + " (a write cut short by a kill): cut off");
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    ch.truncate(read.goodBytes());
                    ch.force(true);
                }
            }
            last = g;
        }
        deleteBefore(base);
        generation = last;
        Path current = file("journal", last);
        journal = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        journal.position(journal.size());
        journalBytes = journal.size();
        recording = true;
        return new Recovery(records, (System.nanoTime() - start) / 1_000_000, base, last);
    }

    record Recovery(long records, long millis, long snapshotGeneration, long journalGeneration) {
    }

    private record ReadResult(long records, long goodBytes, boolean torn) {
    }

    private static ReadResult read(Path path, Consumer<Document> apply) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            long records = 0;
            CRC32 crc = new CRC32();
            while (map.remaining() > 0) {
                int at = map.position();
                if (map.remaining() < 8) {
                    return new ReadResult(records, at, true);
                }
                int length = map.getInt();
                int sum = map.getInt();
                if (length <= 0 || length > map.remaining()) {
                    return new ReadResult(records, at, true);
                }
                byte[] payload = new byte[length];
                map.get(payload);
                crc.reset();
                crc.update(payload);
                if ((int) crc.getValue() != sum) {
                    return new ReadResult(records, at, true);
                }
                apply.accept(decode(payload));
                records++;
            }
            return new ReadResult(records, size, false);
        }
    }

    // ---- records ------------------------------------------------------------------------------

    static byte[] encode(Document record) {
        ByteBuf buf = Unpooled.buffer(1024);
        try {
            BsonEncoder.encodeDocument(record, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    static Document decode(byte[] payload) {
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        try {
            return BsonDecoder.decodeBson(buf);
        } finally {
            buf.release();
        }
    }

    private static void frame(ByteArrayOutputStream out, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer head = ByteBuffer.allocate(8).putInt(payload.length).putInt((int) crc.getValue());
        out.write(head.array(), 0, 8);
        out.write(payload, 0, payload.length);
    }

    boolean recording() {
        return recording;
    }

    /** Appends a change; written by the next {@link #awaitDurable} of the command that made it. */
    void append(Document record) {
        if (!recording) {
            return;
        }
        byte[] payload = encode(record);
        synchronized (lock) {
            frame(pending, payload);
            lastOfCommand.get()[0] = ++appended;
        }
    }

    /** Starts a command on this thread: it has appended nothing yet. */
    void beginCommand() {
        lastOfCommand.get()[0] = 0;
    }

    /** The last record this thread's command appended, 0 if none. */
    long endCommand() {
        return lastOfCommand.get()[0];
    }

    /**
     * Returns once record {@code number} (and all before it) is in the journal file. One writer
     * writes for all that wait; a write failure stops the process, since memory would be ahead of
     * what the file can give back.
     */
    void awaitDurable(long number) {
        byte[] batch;
        long covers;
        FileChannel target;
        synchronized (lock) {
            while (writing && durable < number) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted before the write was saved", e);
                }
            }
            if (durable >= number) {
                return;
            }
            writing = true;
            batch = pending.toByteArray();
            pending.reset();
            covers = appended;
            target = journal;
        }
        boolean written = false;
        try {
            writeFully(target, batch);
            if (fsync) {
                target.force(false);
            }
            written = true;
        } catch (IOException e) {
            halt("the journal could not be written", e);
        } finally {
            synchronized (lock) {
                writing = false;
                if (written) {
                    durable = Math.max(durable, covers);
                    journalBytes += batch.length;
                }
                lock.notifyAll();
            }
        }
    }

    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static void halt(String what, Throwable e) {
        System.err.println("MongoDB wire server: " + what + ", stopping: " + e);
        e.printStackTrace();
        Runtime.getRuntime().halt(70);
    }

    /** Whether the journal has outgrown the last snapshot and the configured threshold. */
    boolean wantsCompaction(long thresholdBytes) {
        synchronized (lock) {
            return journalBytes > Math.max(thresholdBytes, snapshotBytes);
        }
    }

    long journalBytes() {
        synchronized (lock) {
            return journalBytes;
        }
    }

    // ---- compaction ---------------------------------------------------------------------------

    /**
     * Starts generation g+1: what is buffered goes to journal g, journal g+1 opens. Call with every
     * writer stopped; {@code state} (the snapshot records, taken in the same stop) is written by
     * {@link #writeSnapshot} afterwards, outside the stop.
     */
    long rotate() throws IOException {
        synchronized (lock) {
            while (writing) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            writeFully(journal, pending.toByteArray());
            pending.reset();
            durable = appended;
            journal.force(true);
            journal.close();
            generation++;
            journal = FileChannel.open(file("journal", generation), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            journalBytes = 0;
            return generation;
        }
    }

    /**
     * Forces what the journal file holds so far, while writers go on: the force in {@link #rotate}
     * then has only what was written since. Called by the compaction, the only caller of rotate.
     */
    void forceAhead() throws IOException {
        FileChannel current;
        synchronized (lock) {
            current = journal;
        }
        current.force(false);
    }

    /**
     * Writes snapshot {@code g} (complete, forced, then renamed into place) and deletes what it
     * replaces. Encoded in chunks of {@value #SNAPSHOT_CHUNK} bytes written from the buffer itself:
     * a chunk of a region or more is a humongous object to the store's G1 collector, and each one
     * allocated made it collect (pauses of 30-50 ms while a 27 MB snapshot was written).
     */
    void writeSnapshot(long g, Iterable<Document> records) throws IOException {
        Path tmp = dir.resolve(stem + ".snapshot." + g + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(SNAPSHOT_CHUNK + (64 << 10));
            for (Document record : records) {
                frame(chunk, encode(record));
                if (chunk.size() >= SNAPSHOT_CHUNK) {
                    chunk.writeTo(out);
                    chunk.reset();
                }
            }
            chunk.writeTo(out);
            ch.force(true);
        }
        Path target = file("snapshot", g);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        synchronized (lock) {
            snapshotBytes = Files.size(target);
        }
        deleteBefore(g);
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be opened; the rename is still atomic
        }
    }

    private void deleteBefore(long g) throws IOException {
        for (long old : generations("journal").headSet(g)) {
            Files.deleteIfExists(file("journal", old));
        }
        for (long old : generations("snapshot").headSet(g)) {
            Files.deleteIfExists(file("snapshot", old));
        }
    }

    private TreeSet<Long> generations(String kind) throws IOException {
        TreeSet<Long> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Matcher m = FILE.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(stem) && m.group(2).equals(kind)) {
                    found.add(Long.parseLong(m.group(3)));
                }
            });
        }
        return found;
    }

    private Path file(String kind, long g) {
        return dir.resolve(stem + "." + kind + "." + g);
    }

    /** Whether anything of this store is on disk yet (a one-time import from the H2 file may be due). */
    boolean isEmpty() throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        return generations("snapshot").isEmpty() && generations("journal").isEmpty();
    }

    /** Writes the first snapshot from records made elsewhere (the import of an old H2 file). */
    void writeInitialSnapshot(Iterable<Document> records) throws IOException {
        Files.createDirectories(dir);
        writeSnapshot(1, records);
    }

    /** The sizes of the files now on disk, for the log and the bench. */
    long bytesOnDisk() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> mine = new ArrayList<>();
            files.filter(p -> FILE.matcher(p.getFileName().toString()).matches()
                    && p.getFileName().toString().startsWith(stem + ".")).forEach(mine::add);
            long total = 0;
            for (Path p : mine) {
                total += Files.size(p);
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what is buffered (a clean stop). */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            recording = false;
            while (writing) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (journal != null && journal.isOpen()) {
                writeFully(journal, pending.toByteArray());
                pending.reset();
                journal.force(true);
                journal.close();
            }
        }
    }
}

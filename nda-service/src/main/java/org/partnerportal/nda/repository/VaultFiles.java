package org.partnerportal.nda.repository;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reactivestreams.Publisher;

import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.file.AsyncFile;
import jakarta.enterprise.context.ApplicationScoped;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;

/**
 * The bytes of uploaded vault files: the GridFS bucket {@value #BUCKET} ({@code vault.files},
 * {@code vault.chunks}) of the service's database, through the reactive driver's
 * {@link GridFSBucket}. Raw driver on purpose: GridFS is the driver's API, Panache has none.
 * <p>
 * A file is named by an {@link ObjectId} that its vault document records as {@code fileId}; its
 * {@code metadata} names that document ({@code documentId}, {@code partnerId}). GridFS writes the
 * chunks first and the {@code vault.files} entry last, and removes the chunks of an upload that
 * fails; the vault document is written only after that, so a document never points to bytes that
 * are not all there. What a process dying in between leaves (chunks without their files entry, a
 * files entry without its document) is never reachable and is removed by {@link #orphans}.
 */
@ApplicationScoped
public class VaultFiles {

    public static final String BUCKET = "vault";
    /** GridFS's own default (255 KiB), named so that a test can tell a file of several chunks. */
    public static final int CHUNK_BYTES = 255 * 1024;
    private static final int READ_BUFFER = 64 * 1024;

    private final GridFSBucket bucket;
    private final MongoCollection<Document> files;
    private final MongoCollection<Document> chunks;
    private final Vertx vertx;

    VaultFiles(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database, Vertx vertx) {
        MongoDatabase db = mongo.unwrap().getDatabase(database);
        this.bucket = GridFSBuckets.create(db, BUCKET).withChunkSizeBytes(CHUNK_BYTES);
        this.files = db.getCollection(BUCKET + ".files");
        this.chunks = db.getCollection(BUCKET + ".chunks");
        this.vertx = vertx;
    }

    /**
     * GridFS's two indexes, declared up front (the driver would make them on the first upload, the
     * chunks one without {@code unique}): chunks by file and number, unique, which also serves the
     * ordered read of a download; files by name and upload date. And files by partner, for the
     * demo reset.
     */
    public Uni<Void> indexes() {
        return uni(chunks.createIndex(Indexes.ascending("files_id", "n"), new IndexOptions().unique(true)))
                .chain(() -> uni(files.createIndex(Indexes.ascending("filename", "uploadDate"))))
                .chain(() -> uni(files.createIndex(Indexes.ascending("metadata.partnerId"), new IndexOptions().name("partner"))))
                .replaceWithVoid();
    }

    /** What an upload stored: the file's id, its length and the SHA-256 of its bytes as they went in. */
    public record Stored(ObjectId id, long length, String sha256) {
    }

    /** Stores the file at {@code source} (an upload's temporary file), read as it is written. */
    public Uni<Stored> upload(Path source, String filename, Document metadata) {
        return vertx.fileSystem().open(source.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .chain(file -> upload(file.setReadBufferSize(READ_BUFFER).toMulti()
                        .map(b -> ByteBuffer.wrap(b.getBytes())), filename, metadata)
                        .onTermination().call(file::close));
    }

    /** Stores {@code content} as one new file; on failure GridFS removes what it wrote of it. */
    public Uni<Stored> upload(Multi<ByteBuffer> content, String filename, Document metadata) {
        ObjectId id = new ObjectId();
        MessageDigest digest = sha256();
        AtomicLong length = new AtomicLong();
        Multi<ByteBuffer> measured = content.map(b -> {
            digest.update(b.duplicate());
            length.addAndGet(b.remaining());
            return b;
        });
        return uni(bucket.uploadFromPublisher(new BsonObjectId(id), filename, AdaptersToReactiveStreams.publisher(measured),
                new GridFSUploadOptions().metadata(metadata)))
                .replaceWith(() -> new Stored(id, length.get(), HexFormat.of().formatHex(digest.digest())));
    }

    /** The file's GridFS entry, or null when there is none. */
    public Uni<GridFSFile> find(ObjectId id) {
        return uni(bucket.find(Filters.eq("_id", id)).first());
    }

    /**
     * The file's bytes as they are read, a chunk at a time, checked against {@code sha256}: the
     * last chunk is held back until the digest of the whole file matches, so that a reader never
     * receives all of a file that differs from what was stored (the stream fails instead).
     */
    public Multi<ByteBuffer> download(ObjectId id, String sha256) {
        return Multi.createFrom().deferred(() -> {
            MessageDigest digest = sha256();
            AtomicReference<ByteBuffer> held = new AtomicReference<>();
            return multi(bucket.downloadToPublisher(id))
                    .onItem().transformToMultiAndConcatenate(b -> {
                        digest.update(b.duplicate());
                        ByteBuffer before = held.getAndSet(b);
                        return before == null ? Multi.createFrom().<ByteBuffer>empty() : Multi.createFrom().item(before);
                    })
                    .onCompletion().switchTo(() -> {
                        String actual = HexFormat.of().formatHex(digest.digest());
                        if (sha256 != null && !sha256.equalsIgnoreCase(actual)) {
                            return Multi.createFrom().failure(new IllegalStateException(
                                    "Vault file " + id + " does not match its SHA-256 (" + actual + " instead of " + sha256 + ")"));
                        }
                        return held.get() == null ? Multi.createFrom().empty() : Multi.createFrom().item(held.get());
                    });
        });
    }

    /** Deletes the file's entry and chunks; a file that is not there is no error (deleting again is a no-op). */
    public Uni<Void> delete(ObjectId id) {
        return uni(bucket.delete(id)).replaceWithVoid()
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("No file found")).recoverWithNull();
    }

    /** Every file whose metadata names the partner (the demo reset); emits how many were deleted. */
    public Uni<Integer> deleteByPartner(String partnerId) {
        return ids(Filters.eq("metadata.partnerId", partnerId))
                .chain(ids -> Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(this::delete)
                        .collect().asList().map(List::size));
    }

    /** A files entry and the document it was uploaded for, as {@link #orphans} looks at them. */
    public record Entry(ObjectId id, String documentId) {
    }

    /** The files entries uploaded before {@code before}, with the document each names. */
    public Uni<List<Entry>> uploadedBefore(Instant before) {
        return multi(files.find(Filters.lt("uploadDate", Date.from(before)))).map(d -> {
            Document meta = d.get("metadata", Document.class);
            return new Entry(d.getObjectId("_id"), meta == null ? null : meta.getString("documentId"));
        }).collect().asList();
    }

    /**
     * The files whose chunks have no files entry and that were started before {@code before}: what
     * an upload cut short by a dying process leaves (a failed upload's chunks GridFS removes itself).
     * An upload still running has no entry yet either, so only files older than {@code before}
     * (the id's time) count.
     */
    public Uni<List<ObjectId>> unfinishedBefore(Instant before) {
        ObjectId bound = new ObjectId(Date.from(before));
        return multi(chunks.distinct("files_id", Filters.lt("files_id", bound), ObjectId.class)).collect().asList()
                .chain(started -> started.isEmpty() ? Uni.createFrom().item(List.<ObjectId>of())
                        : ids(Filters.in("_id", started)).map(finished -> started.stream()
                                .filter(id -> !finished.contains(id)).toList()));
    }

    /** Removes the chunks of a file that has no files entry. */
    public Uni<Long> deleteChunks(ObjectId id) {
        return uni(chunks.deleteMany(Filters.eq("files_id", id))).map(r -> r.getDeletedCount());
    }

    private Uni<List<ObjectId>> ids(org.bson.conversions.Bson filter) {
        return multi(files.find(filter).projection(new Document("_id", 1))).map(d -> d.getObjectId("_id")).collect().asList();
    }

    private static <T> Uni<T> uni(Publisher<T> p) {
        return Uni.createFrom().publisher(AdaptersToFlow.publisher(p));
    }

    private static <T> Multi<T> multi(Publisher<T> p) {
        return Multi.createFrom().publisher(AdaptersToFlow.publisher(p));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

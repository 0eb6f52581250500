package org.partnerportal.nda.service;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.bson.types.Binary;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.VaultDocument;
import org.partnerportal.nda.repository.VaultFiles;
import org.partnerportal.nda.repository.VaultRepository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The vault's bytes at start-up: GridFS's indexes, then the move of files stored by an earlier
 * version (before the service answers, so every file is downloadable from the first request), then
 * in the background the removal of what interrupted uploads left behind. Each can run again and
 * on several replicas at once.
 */
@ApplicationScoped
public class VaultFileMaintenance {

    private static final Logger LOG = Logger.getLogger(VaultFileMaintenance.class);

    /**
     * Where versions before GridFS kept a file's bytes: {@code { _id: documentId:n, documentId, n,
     * data }}, 255 KiB per chunk. Read only to move them into GridFS, then dropped.
     */
    public static final String LEGACY_CHUNKS = "documentChunks";

    private final VaultRepository vault;
    private final VaultFiles files;
    private final ReactiveMongoCollection<Document> legacy;
    private final NdaConfig config;
    private final Clock clock;

    VaultFileMaintenance(VaultRepository vault, VaultFiles files, ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database, NdaConfig config, Clock clock) {
        this.vault = vault;
        this.files = files;
        this.legacy = mongo.getDatabase(database).getCollection(LEGACY_CHUNKS);
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent start) {
        files.indexes().chain(() -> migrate()).await().indefinitely();
        removeOrphans(clock.instant().minus(config.vault().orphanGrace())).subscribe().with(
                removed -> {
                    if (removed > 0) {
                        LOG.infof("Vault: removed %d GridFS file(s) or chunk set(s) that no document refers to", removed);
                    }
                },
                e -> LOG.warnf("Vault: removing unreferenced GridFS files failed (%s); the next start tries again", e.toString()));
    }

    /**
     * Moves every file still in {@value #LEGACY_CHUNKS} into GridFS, one document at a time: its
     * chunks are streamed, in order, into a new GridFS file; the length and SHA-256 must be the
     * document's, then the document gets its {@code fileId} (a compare-and-set: if another replica
     * was first, this copy is deleted), then the old chunks go. A step cut short is redone at the
     * next start: a copy no document names is an orphan that {@link #removeOrphans} deletes. Chunks
     * whose document is gone, or already has its file, are deleted. When none is left the
     * collection is dropped. Emits how many files were moved.
     */
    public Uni<Integer> migrate() {
        return legacy.distinct("documentId", String.class).collect().asList().chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            LOG.infof("Vault: moving the bytes of %d document(s) from %s to GridFS", ids.size(), LEGACY_CHUNKS);
            return Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(this::migrate)
                    .collect().asList()
                    .map(moved -> (int) moved.stream().filter(Boolean::booleanValue).count())
                    .call(() -> legacy.countDocuments().chain(left -> left == 0 ? legacy.drop() : Uni.createFrom().voidItem()));
        });
    }

    private Uni<Boolean> migrate(String documentId) {
        return vault.findById(documentId).chain(doc -> {
            if (doc == null || doc.fileId != null) {
                return dropLegacy(documentId).replaceWith(false);
            }
            long size = doc.size == null ? -1 : doc.size;
            String sha256 = doc.sha256;
            Multi<ByteBuffer> bytes = legacy.find(Filters.eq("documentId", documentId), new FindOptions().sort(Sorts.ascending("n")))
                    .map(c -> ByteBuffer.wrap(c.get("data", Binary.class).getData()));
            String filename = doc.filename != null ? doc.filename : documentId;
            Document meta = new Document("documentId", documentId).append("partnerId", doc.partnerId)
                    .append("contentType", doc.contentType);
            return files.upload(bytes, filename, meta).chain(stored -> {
                if (stored.length() != size || sha256 != null && !sha256.equalsIgnoreCase(stored.sha256())) {
                    LOG.errorf("Vault: the stored chunks of document %s are not its file (%d bytes, SHA-256 %s; the document "
                            + "says %d bytes, %s); left as they are", documentId, stored.length(), stored.sha256(), size, sha256);
                    return files.delete(stored.id()).replaceWith(false);
                }
                return vault.attachFile(documentId, stored.id())
                        .call(attached -> attached ? Uni.createFrom().voidItem() : files.delete(stored.id()))
                        .call(() -> dropLegacy(documentId));
            });
        }).onFailure().recoverWithItem(e -> {
            // the others are still moved; this one stays where it is until a later start
            LOG.errorf(e, "Vault: moving the bytes of document %s to GridFS failed", documentId);
            return false;
        });
    }

    private Uni<Void> dropLegacy(String documentId) {
        return legacy.deleteMany(Filters.eq("documentId", documentId)).replaceWithVoid();
    }

    /**
     * Deletes what interrupted uploads left, older than {@code before}: GridFS files that no
     * document names as its {@code fileId} (the process died between the upload and the
     * document's insert, or the insert failed and so did the clean-up), and chunks without their
     * files entry (it died during the upload). Never reachable through the API, which only knows
     * documents. Emits how many files or chunk sets were removed.
     */
    public Uni<Integer> removeOrphans(Instant before) {
        Uni<Integer> unreferenced = files.uploadedBefore(before).chain(entries -> Multi.createFrom().iterable(entries)
                .onItem().transformToUniAndConcatenate(e -> (e.documentId() == null ? Uni.createFrom().<VaultDocument>nullItem()
                        : vault.findById(e.documentId()))
                        .chain(doc -> doc != null && e.id().equals(doc.fileId) ? Uni.createFrom().item(0)
                                : files.delete(e.id()).replaceWith(1)))
                .collect().asList().map(VaultFileMaintenance::sum));
        return unreferenced.chain(n -> files.unfinishedBefore(before).chain(ids -> Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(files::deleteChunks).collect().asList()
                .map(l -> n + l.size())));
    }

    private static int sum(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).sum();
    }
}

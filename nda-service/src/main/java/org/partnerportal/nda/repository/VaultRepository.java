package org.partnerportal.nda.repository;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.common.outbox.Outbox;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Vault documents ({@code documents}, with their outbox) and the download audit ({@code downloads}).
 * An uploaded file's bytes are in GridFS ({@link VaultFiles}); its document records the GridFS
 * file's id as {@code fileId} and is written only once the upload is complete.
 */
@ApplicationScoped
public class VaultRepository {

    private final Collections collections;

    /** Protected: a test stands in for a store that refuses the document's write. */
    protected VaultRepository(Collections collections) {
        this.collections = collections;
    }

    public Uni<Void> insert(Document document) {
        return collections.get(Collections.DOCUMENTS).insertOne(document).replaceWithVoid();
    }

    /** The document of any partner, removed or not, or null: the file maintenance's look-up. */
    public Uni<Document> byId(String documentId) {
        return collections.get(Collections.DOCUMENTS).find(Filters.eq("_id", documentId)).collect().first();
    }

    /** Records the GridFS file of a document that has none yet; false when it has one (another process was first). */
    public Uni<Boolean> attachFile(String documentId, ObjectId fileId) {
        return CompareAndSet.ifMatches(collections.get(Collections.DOCUMENTS),
                Filters.and(Filters.eq("_id", documentId), Filters.exists("fileId", false)), Updates.set("fileId", fileId));
    }

    /** The partner's live documents (a removed one is a tombstone, kept for the audit only). */
    public Uni<List<Document>> byPartner(String partnerId) {
        return collections.get(Collections.DOCUMENTS)
                .find(Filters.and(Filters.eq("partnerId", partnerId), Filters.exists("removedAt", false)),
                        new FindOptions().sort(Sorts.ascending("createdAt"))).collect().asList();
    }

    /** One of the partner's live documents, or null. */
    public Uni<Document> find(String partnerId, String documentId) {
        return collections.get(Collections.DOCUMENTS)
                .find(Filters.and(Filters.eq("_id", documentId), Filters.eq("partnerId", partnerId),
                        Filters.exists("removedAt", false))).collect().first();
    }

    /** The document, removed or not (its audit trail outlives it), or null. */
    public Uni<Document> findAny(String partnerId, String documentId) {
        return collections.get(Collections.DOCUMENTS)
                .find(Filters.and(Filters.eq("_id", documentId), Filters.eq("partnerId", partnerId))).collect().first();
    }

    /**
     * Applies a change to a live document, with its audit entry and event, in one write guarded by
     * the document's {@code version}: a concurrent change makes this one match nothing (false).
     */
    public Uni<Boolean> change(String partnerId, String documentId, long version, List<Bson> sets, Document audit,
            Document event) {
        List<Bson> all = new ArrayList<>(sets);
        all.add(Updates.set("version", version + 1));
        all.add(Updates.pushEach("history", List.of(audit), new PushOptions().slice(-HISTORY_KEPT)));
        all.add(Outbox.push(event));
        Bson versionIs = version == 0 ? Filters.or(Filters.exists("version", false), Filters.eq("version", 0L))
                : Filters.eq("version", version);
        return CompareAndSet.ifMatches(collections.get(Collections.DOCUMENTS), Filters.and(Filters.eq("_id", documentId),
                Filters.eq("partnerId", partnerId), Filters.exists("removedAt", false), versionIs), Updates.combine(all));
    }

    /** Audit entries kept per document. */
    static final int HISTORY_KEPT = 100;

    public Uni<Void> insertDownload(Document audit) {
        return collections.get(Collections.DOWNLOADS).insertOne(audit).replaceWithVoid();
    }

    public Uni<List<Document>> downloads(String partnerId) {
        return collections.get(Collections.DOWNLOADS)
                .find(Filters.eq("partnerId", partnerId), new FindOptions().sort(Sorts.descending("at"))).collect().asList();
    }

    /**
     * Demo reset: the partner's documents (tombstones too) and its download audit; emits how many
     * live documents there were. The bytes go separately ({@link VaultFiles#deleteByPartner}).
     */
    public Uni<Long> deleteAll(String partnerId) {
        return byPartner(partnerId).chain(live -> collections.get(Collections.DOCUMENTS).deleteMany(Filters.eq("partnerId", partnerId))
                .chain(() -> collections.get(Collections.DOWNLOADS).deleteMany(Filters.eq("partnerId", partnerId)))
                .replaceWith((long) live.size()));
    }
}

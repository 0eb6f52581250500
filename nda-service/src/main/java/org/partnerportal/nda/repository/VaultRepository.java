package org.partnerportal.nda.repository;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.nda.domain.VaultDocument;
import org.partnerportal.nda.domain.VaultDocument.AuditEntry;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Vault documents ({@code documents}, with their outbox). An uploaded file's bytes are in GridFS
 * ({@link VaultFiles}); its document names the GridFS file as {@code fileId} and is written only
 * once the upload is complete. Changes are conditional updates on {@code version}.
 */
@ApplicationScoped
public class VaultRepository implements ReactivePanacheMongoRepositoryBase<VaultDocument, String> {

    /** Audit entries kept per document. */
    static final int HISTORY_KEPT = 100;

    private static final Bson LIVE = Filters.exists("removedAt", false);

    public Uni<Void> insert(VaultDocument document) {
        return persist(document).replaceWithVoid();
    }

    /** The partner's live documents, oldest first (a removed one is a tombstone, kept for the audit only). */
    public Uni<List<VaultDocument>> byPartner(String partnerId) {
        return list(Filters.and(Filters.eq("partnerId", partnerId), LIVE), Sorts.ascending("createdAt"));
    }

    /** One of the partner's live documents, or null. */
    public Uni<VaultDocument> live(String partnerId, String documentId) {
        return find(Filters.and(Filters.eq("_id", documentId), Filters.eq("partnerId", partnerId), LIVE)).firstResult();
    }

    /** The partner's document, removed or not (its audit trail outlives it), or null. */
    public Uni<VaultDocument> anyOf(String partnerId, String documentId) {
        return find(Filters.and(Filters.eq("_id", documentId), Filters.eq("partnerId", partnerId))).firstResult();
    }

    /** Records the GridFS file of a document that has none yet; false when it has one (another process was first). */
    public Uni<Boolean> attachFile(String documentId, ObjectId fileId) {
        return CompareAndSet.ifMatches(mongoCollection(),
                Filters.and(Filters.eq("_id", documentId), Filters.exists("fileId", false)), Updates.set("fileId", fileId));
    }

    /**
     * Applies a change to a live document, with its audit entry and event, in one write guarded by
     * the document's {@code version}: a concurrent change makes this one match nothing (false).
     */
    public Uni<Boolean> change(String partnerId, String documentId, long version, List<Bson> sets, AuditEntry audit,
            Document event) {
        List<Bson> all = new ArrayList<>(sets);
        all.add(Updates.set("version", version + 1));
        all.add(Updates.pushEach("history", List.of(audit), new PushOptions().slice(-HISTORY_KEPT)));
        all.add(Outbox.push(event));
        Bson versionIs = version == 0 ? Filters.or(Filters.exists("version", false), Filters.eq("version", 0L))
                : Filters.eq("version", version);
        return CompareAndSet.ifMatches(mongoCollection(), Filters.and(Filters.eq("_id", documentId),
                Filters.eq("partnerId", partnerId), LIVE, versionIs), Updates.combine(all));
    }

    /**
     * Demo reset: the partner's documents, tombstones included; emits how many live ones there
     * were. The bytes go separately ({@link VaultFiles#deleteByPartner}).
     */
    public Uni<Long> deleteByPartner(String partnerId) {
        return count(Filters.and(Filters.eq("partnerId", partnerId), LIVE))
                .call(() -> delete(Filters.eq("partnerId", partnerId)));
    }
}

package org.partnerportal.nda.repository;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.common.outbox.Outbox;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Vault documents ({@code documents}, with their outbox) and the bytes of uploaded files in
 * {@code documentChunks} (255 KiB per chunk, {@code _id} = documentId:n), a plain-collection
 * layout like GridFS's that the MongoDB-wire server handles. The chunks are written first: a
 * crash before the document leaves unreferenced chunks, never a document without its bytes.
 */
@ApplicationScoped
public class VaultRepository {

    public static final int CHUNK = 255 * 1024;

    private final Collections collections;

    VaultRepository(Collections collections) {
        this.collections = collections;
    }

    public Uni<Void> insertFile(Document document, byte[] bytes) {
        String id = document.getString("_id");
        List<Document> chunks = new ArrayList<>();
        int n = 0;
        int off = 0;
        do {
            int len = Math.min(CHUNK, bytes.length - off);
            byte[] part = new byte[len];
            System.arraycopy(bytes, off, part, 0, len);
            chunks.add(new Document("_id", id + ":" + n).append("documentId", id).append("n", n).append("data", new Binary(part)));
            off += len;
            n++;
        } while (off < bytes.length);
        return collections.get(Collections.FILE_CHUNKS).insertMany(chunks)
                .chain(() -> collections.get(Collections.DOCUMENTS).insertOne(document)).replaceWithVoid();
    }

    public Uni<Void> insert(Document document) {
        return collections.get(Collections.DOCUMENTS).insertOne(document).replaceWithVoid();
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

    public Uni<byte[]> content(String documentId, long size) {
        return collections.get(Collections.FILE_CHUNKS)
                .find(Filters.eq("documentId", documentId), new FindOptions().sort(Sorts.ascending("n"))).collect().asList()
                .map(chunks -> {
                    byte[] out = new byte[(int) size];
                    int off = 0;
                    for (Document c : chunks) {
                        byte[] part = c.get("data", Binary.class).getData();
                        System.arraycopy(part, 0, out, off, part.length);
                        off += part.length;
                    }
                    if (off != size) {
                        throw new IllegalStateException("Document " + documentId + " has " + off + " of its " + size + " bytes");
                    }
                    return out;
                });
    }

    public Uni<Void> insertDownload(Document audit) {
        return collections.get(Collections.DOWNLOADS).insertOne(audit).replaceWithVoid();
    }

    public Uni<List<Document>> downloads(String partnerId) {
        return collections.get(Collections.DOWNLOADS)
                .find(Filters.eq("partnerId", partnerId), new FindOptions().sort(Sorts.descending("at"))).collect().asList();
    }

    /** Demo reset: the partner's documents, their bytes and the download audit. */
    public Uni<Long> deleteAll(String partnerId) {
        return byPartner(partnerId).chain(docs -> Multi.createFrom().iterable(docs)
                .onItem().transformToUniAndConcatenate(d -> collections.get(Collections.FILE_CHUNKS)
                        .deleteMany(Filters.eq("documentId", d.getString("_id"))))
                .collect().asList()
                .chain(() -> collections.get(Collections.DOCUMENTS).deleteMany(Filters.eq("partnerId", partnerId)))
                .chain(() -> collections.get(Collections.DOWNLOADS).deleteMany(Filters.eq("partnerId", partnerId)))
                .replaceWith((long) docs.size()));
    }
}

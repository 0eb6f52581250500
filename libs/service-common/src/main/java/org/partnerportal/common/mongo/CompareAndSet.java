package org.partnerportal.common.mongo;

import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;

import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * Single-document compare-and-set: {@code update} is applied only if the document still matches
 * {@code filter}, which names its {@code _id} and a guard (a version, a marker, an event time).
 * <p>
 * Written as a find-and-modify, not an update: on a real MongoDB the two are the same atomic
 * write, but the local stack's MongoDB-wire server runs an update whose filter holds more than
 * {@code _id} over every document of the collection, while a find-and-modify looks the one up by
 * {@code _id} (deploy/bench/README.md, "Where the time goes"). Only {@code _id} comes back.
 */
public final class CompareAndSet {

    private static final FindOneAndUpdateOptions ID_ONLY = new FindOneAndUpdateOptions()
            .projection(Projections.include("_id"));
    private static final FindOneAndUpdateOptions UPSERT_ID_ONLY = new FindOneAndUpdateOptions()
            .projection(Projections.include("_id")).upsert(true);

    /** One guarded update of {@link #upsertAllUnlessStale}: the filter names the {@code _id} and the guard. */
    public record Guarded(Bson filter, Bson update) {
    }

    private static final BulkWriteOptions IN_ORDER = new BulkWriteOptions().ordered(true);

    private CompareAndSet() {
    }

    /** Emits true when the document matched {@code filter} and was updated, false when it did not match. */
    public static Uni<Boolean> ifMatches(ReactiveMongoCollection<?> collection, Bson filter, Bson update) {
        return collection.withDocumentClass(Document.class).findOneAndUpdate(filter, update, ID_ONLY)
                .map(found -> found != null);
    }

    /**
     * The projections' "write unless a newer event already did". When the guard fails, the upsert
     * tries to insert a second document with that {@code _id}, and the duplicate key means "stale":
     * nothing changes. Emits true when {@code update} was applied or inserted the document, false
     * when the guard refused it.
     */
    public static Uni<Boolean> upsertUnlessStale(ReactiveMongoCollection<?> collection, Bson filter, Bson update) {
        return collection.withDocumentClass(Document.class).findOneAndUpdate(filter, update, UPSERT_ID_ONLY)
                .replaceWith(true)
                .onFailure(MongoErrors::isDuplicateKey).recoverWithItem(false);
    }

    /**
     * {@link #upsertUnlessStale} for many updates in one round trip: an ordered bulk write of
     * upserts (each update's filter names its {@code _id} and the guard), so one document's
     * updates apply in the order given. An ordered bulk write stops at its first refused write;
     * when that was the duplicate key of a stale update, the updates after it are sent again, so
     * only a stale update is skipped (one more round trip per stale update; replays are rare).
     * Emits how many were applied.
     * <p>
     * A bulk write carries updates, not find-and-modifies: one round trip for the batch on any
     * MongoDB, but the local stack's wire server (1.47) evaluates each guarded filter over the whole
     * collection (see above) until it looks documents up by {@code _id} first.
     */
    public static Uni<Integer> upsertAllUnlessStale(ReactiveMongoCollection<?> collection, List<Guarded> updates) {
        if (updates.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<UpdateOneModel<Document>> models = updates.stream()
                .map(u -> new UpdateOneModel<Document>(u.filter(), u.update(), new UpdateOptions().upsert(true))).toList();
        return collection.withDocumentClass(Document.class).bulkWrite(models, IN_ORDER).replaceWith(updates.size())
                .onFailure(CompareAndSet::stoppedAtStale).recoverWithUni(e -> {
                    int stale = ((MongoBulkWriteException) e).getWriteErrors().get(0).getIndex();
                    return upsertAllUnlessStale(collection, updates.subList(stale + 1, updates.size())).map(n -> stale + n);
                });
    }

    private static boolean stoppedAtStale(Throwable e) {
        return MongoErrors.isOnlyDuplicateKeys(e) && ((MongoBulkWriteException) e).getWriteErrors().size() == 1;
    }
}

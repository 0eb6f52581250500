package org.partnerportal.common.mongo;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;

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
}

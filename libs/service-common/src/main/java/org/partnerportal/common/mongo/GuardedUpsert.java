package org.partnerportal.common.mongo;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;

import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * The projections' "write unless a newer event already did" in one atomic write. The filter names
 * the document's {@code _id} and a guard (its stored event time older than this event's); when the
 * guard fails the upsert tries to insert a second document with that {@code _id}, and the
 * duplicate key means "stale": nothing changes.
 * <p>
 * It is a find-and-modify, not an update: on a real MongoDB the two are the same compare-and-set,
 * but the local stack's MongoDB-wire server runs an update whose filter holds more than
 * {@code _id} over every document of the collection, while a find-and-modify looks the one up by
 * {@code _id} (see deploy/bench/README.md, "Where the time goes").
 */
public final class GuardedUpsert {

    private GuardedUpsert() {
    }

    /** Emits true when {@code update} was applied (or inserted the document), false when the guard refused it. */
    public static Uni<Boolean> apply(ReactiveMongoCollection<?> collection, Bson filter, Bson update) {
        return collection.withDocumentClass(Document.class)
                .findOneAndUpdate(filter, update,
                        new FindOneAndUpdateOptions().upsert(true).projection(Projections.include("_id")))
                .replaceWith(true)
                .onFailure(MongoErrors::isDuplicateKey).recoverWithItem(false);
    }
}

package org.partnerportal.common.mongo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** One guarded update of {@link #upsertAllUnlessStale}: the document's id, and a filter naming it and the guard. */
    public record Guarded(Object id, Bson filter, Bson update) {
    }

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

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
     * {@link #upsertUnlessStale} for many updates, in as few round trips as a document has updates
     * in the list (one, when each names another document): the updates are sent in rounds, round
     * <i>n</i> holding each document's <i>n</i>-th update, each round one unordered bulk write of
     * upserts. So one document's updates apply in the order given, and a stale update (its
     * duplicate key) stops nothing else. Emits how many were applied.
     * <p>
     * A bulk write carries updates, not find-and-modifies: one round trip on any MongoDB, but the
     * local stack's wire server (1.47) evaluates each guarded filter over the whole collection
     * (see above) until it looks documents up by {@code _id} first.
     */
    public static Uni<Integer> upsertAllUnlessStale(ReactiveMongoCollection<?> collection, List<Guarded> updates) {
        List<List<UpdateOneModel<Document>>> rounds = new ArrayList<>();
        Map<Object, Integer> seen = new HashMap<>();
        for (Guarded u : updates) {
            int round = seen.merge(u.id(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(new UpdateOneModel<>(u.filter(), u.update(), new UpdateOptions().upsert(true)));
        }
        Uni<Integer> applied = Uni.createFrom().item(0);
        for (List<UpdateOneModel<Document>> round : rounds) {
            applied = applied.chain(before -> collection.withDocumentClass(Document.class).bulkWrite(round, UNORDERED)
                    .replaceWith(round.size())
                    .onFailure(MongoErrors::isOnlyDuplicateKeys)
                    .recoverWithItem(e -> round.size() - ((MongoBulkWriteException) e).getWriteErrors().size())
                    .map(n -> before + n));
        }
        return applied;
    }
}

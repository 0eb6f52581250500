package org.partnerportal.nda.repository;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.nda.domain.AttemptSlot;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The attempt-budget slots ({@code attemptSlots}); the budget's rules are {@code AttemptSlots}'. */
@ApplicationScoped
public class AttemptSlotRepository implements ReactivePanacheMongoRepositoryBase<AttemptSlot, String> {

    /** A TTL index on {@code expireAt}: MongoDB drops a slot once it expired (a free slot and a missing one are the same). */
    public Uni<String> ttlIndex() {
        return mongoCollection().createIndex(Indexes.ascending("expireAt"), new IndexOptions().name("expireAt_ttl")
                .expireAfter(0L, TimeUnit.SECONDS));
    }

    /**
     * Takes the slot until {@code until} if it is free or expired at {@code now}: an upsert whose
     * filter requires it expired, so a slot still held makes it insert an {@code _id} that exists,
     * which the unique {@code _id} refuses (false).
     */
    public Uni<Boolean> take(String id, Instant now, Instant until) {
        return mongoCollection().updateOne(Filters.and(Filters.eq("_id", id), Filters.lte("expireAt", now)),
                Updates.set("expireAt", until), new UpdateOptions().upsert(true))
                .map(result -> true)
                .onFailure(MongoErrors::isDuplicateKey).recoverWithItem(false);
    }

    public Uni<List<AttemptSlot>> byIds(List<String> ids) {
        return list(Filters.in("_id", ids));
    }
}

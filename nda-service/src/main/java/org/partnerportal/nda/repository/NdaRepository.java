package org.partnerportal.nda.repository;

import java.time.Instant;
import java.util.List;

import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.nda.domain.NdaRecord;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The NDA signature records ({@code partnerNdaRequests}), {@code _id} = the reference. The
 * sequence is the records themselves: a new record takes the last {@code seq} + 1 and the unique
 * indexes ({@code _id}, {@code seq}) turn a concurrent taker of the same number into a duplicate-key
 * error and a retry. A number is used only by a successful insert, so there is no gap, and no
 * {@code findOneAndUpdate}+{@code $inc} counter whose answers could repeat.
 */
@ApplicationScoped
public class NdaRepository implements ReactivePanacheMongoRepositoryBase<NdaRecord, String> {

    void indexes(@Observes StartupEvent start) {
        mongoCollection().createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true).name("seq_unique"))
                .await().indefinitely();
        mongoCollection().createIndex(Indexes.ascending("partnerId", "seq"), new IndexOptions().name("partner_seq"))
                .await().indefinitely();
    }

    /** The record with the highest seq, or null when there is none. */
    public Uni<NdaRecord> last() {
        return findAll(Sort.descending("seq")).firstResult();
    }

    /** Inserts; emits false when the reference or seq is already taken (someone was faster). */
    public Uni<Boolean> insert(NdaRecord record) {
        return persist(record).replaceWith(true)
                .onFailure(MongoErrors::isDuplicateKey)
                .recoverWithItem(false);
    }

    /** The partner's records, newest first. */
    public Uni<List<NdaRecord>> byPartner(String partnerId) {
        return list(Filters.eq("partnerId", partnerId), Sorts.descending("seq"));
    }

    public Uni<NdaRecord> byReference(String reference) {
        return findById(reference);
    }

    /** The whole chain in order; loaded whole (the archive is small: one record per signing partner). */
    public Uni<List<NdaRecord>> chain() {
        return listAll(Sort.ascending("seq"));
    }

    /** Demo reset: the record stays in the chain (deleting it would break it), marked as test data. */
    public Uni<Long> markReset(String partnerId, Instant now) {
        return mongoCollection().updateMany(Filters.and(Filters.eq("partnerId", partnerId), Filters.exists("resetAt", false)),
                Updates.set("resetAt", now)).map(r -> r.getModifiedCount());
    }
}

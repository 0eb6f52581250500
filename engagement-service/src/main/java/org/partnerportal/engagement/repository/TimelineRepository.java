package org.partnerportal.engagement.repository;

import java.util.List;

import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.engagement.domain.TimelineEntry;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TimelineRepository implements ReactivePanacheMongoRepositoryBase<TimelineEntry, String> {

    public static final String COLLECTION = "timeline";

    public record Slice(List<TimelineEntry> items, long total) {
    }

    public Uni<Void> ensureIndexes() {
        return mongoCollection()
                .createIndex(Indexes.compoundIndex(Indexes.ascending("partnerId"), Indexes.descending("occurredAt")))
                .chain(() -> mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("partnerId"),
                        Indexes.ascending("kind"), Indexes.descending("occurredAt"))))
                .replaceWithVoid();
    }

    /**
     * Inserts the row unless one with its id exists. Emits true when it was written, false when it
     * was already there (a redelivered event or a repeated message id).
     */
    public Uni<Boolean> insertOnce(TimelineEntry entry) {
        return persist(entry).replaceWith(true)
                .onFailure(MongoErrors::isDuplicateKey).recoverWithItem(false);
    }

    /**
     * Inserts the rows that do not exist yet, in one round trip: an unordered insert of all of
     * them, where a duplicate id means the row was there already (a redelivered event). Emits how
     * many were new.
     */
    public Uni<Integer> insertAllOnce(List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return mongoCollection().insertMany(entries, new InsertManyOptions().ordered(false))
                .map(r -> r.getInsertedIds().size())
                .onFailure(MongoErrors::isOnlyDuplicateKeys)
                .recoverWithItem(e -> entries.size() - ((MongoBulkWriteException) e).getWriteErrors().size());
    }

    /** Newest first; ties broken by id so pages never overlap. */
    public Uni<Slice> page(String partnerId, String kind, int page, int size) {
        Sort sort = Sort.descending("occurredAt").and("_id", Sort.Direction.Descending);
        var query = kind == null
                ? find("partnerId = :p", sort, Parameters.with("p", partnerId))
                : find("partnerId = :p and kind = :k", sort, Parameters.with("p", partnerId).and("k", kind));
        return Uni.combine().all().unis(query.page(Page.of(page, size)).list(), query.count())
                .asTuple().map(t -> new Slice(t.getItem1(), t.getItem2()));
    }

    /** Demo reset: every row of the partner. */
    public Uni<Long> deleteByPartner(String partnerId) {
        return delete("partnerId", partnerId);
    }
}

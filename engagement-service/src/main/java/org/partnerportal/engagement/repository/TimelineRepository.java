package org.partnerportal.engagement.repository;

import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.engagement.domain.TimelineEntry;

import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TimelineRepository implements ReactivePanacheMongoRepositoryBase<TimelineEntry, String> {

    public static final String COLLECTION = "timeline";

    public record Slice(java.util.List<TimelineEntry> items, long total) {
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

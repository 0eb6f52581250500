package org.partnerportal.engagement.repository;

import java.util.List;

import org.bson.conversions.Bson;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.engagement.domain.PartnerEventLink;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class LinkRepository implements ReactivePanacheMongoRepositoryBase<PartnerEventLink, String> {

    public static final String COLLECTION = "links";

    public record Slice(List<PartnerEventLink> items, long total) {
    }

    /** The seed's two access patterns (all of a partner, all of an event) and the follow-up queue. */
    public Uni<Void> ensureIndexes() {
        return mongoCollection()
                .createIndex(Indexes.compoundIndex(Indexes.ascending("partnerId"), Indexes.ascending("removed")))
                .chain(() -> mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("eventId"),
                        Indexes.ascending("removed"), Indexes.ascending("status"))))
                .chain(() -> mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("removed"),
                        Indexes.ascending("followUpDate"))))
                .chain(() -> mongoCollection().createIndex(Indexes.ascending("rollupPending"),
                        new IndexOptions().partialFilterExpression(Filters.eq("rollupPending", true))))
                .replaceWithVoid();
    }

    /** Inserts a new link; emits false when the pair exists already (a concurrent first creation). */
    public Uni<Boolean> insertOnce(PartnerEventLink link) {
        return persist(link).replaceWith(true).onFailure(MongoErrors::isDuplicateKey).recoverWithItem(false);
    }

    /**
     * Applies {@code sets}, queues {@code event} and marks the link for the dashboard rollup in one
     * single-document write, if the link is still at {@code expectedVersion}; emits whether it was.
     */
    public Uni<Boolean> updateIfVersion(String id, long expectedVersion, List<Bson> sets, OutboxEvent event) {
        List<Bson> all = new java.util.ArrayList<>(sets);
        all.add(Updates.inc("version", 1L));
        all.add(Updates.set("rollupPending", true));
        if (event != null) {
            all.add(Outbox.push(event));
        }
        return CompareAndSet.ifMatches(mongoCollection(), Filters.and(Filters.eq("_id", id), Filters.eq("version", expectedVersion)),
                Updates.combine(all));
    }

    /** Up to {@code limit} links whose latest write the rollup may not count yet. */
    public Uni<List<PartnerEventLink>> rollupPending(int limit) {
        return find("rollupPending", true).page(Page.ofSize(limit)).list();
    }

    /** Clears the rollup marker, unless the link was written again since {@code version}. */
    public Uni<Boolean> clearRollupPending(String id, long version) {
        return CompareAndSet.ifMatches(mongoCollection(), Filters.and(Filters.eq("_id", id), rollupPendingAt(version)),
                CLEAR_ROLLUP_PENDING);
    }

    /** The marker's guard: the link is marked and still at {@code version}, the one the rollup counts. */
    public static Bson rollupPendingAt(long version) {
        return Filters.and(Filters.eq("version", version), Filters.eq("rollupPending", true));
    }

    public static final Bson CLEAR_ROLLUP_PENDING = Updates.set("rollupPending", false);

    /** Every link of these events, removed ones included, for the rollup's rebuild. */
    public Multi<PartnerEventLink> streamByEvents(List<String> eventIds) {
        return mongoCollection().find(Filters.in("eventId", eventIds));
    }

    public Uni<Slice> pageByEvent(String eventId, String status, int page, int size) {
        Sort sort = Sort.ascending("partnerId");
        var query = status == null
                ? find("eventId = :e and removed = :r", sort, Parameters.with("e", eventId).and("r", false))
                : find("eventId = :e and removed = :r and status = :s", sort,
                        Parameters.with("e", eventId).and("r", false).and("s", status));
        return slice(query, page, size);
    }

    public Uni<Slice> pageByPartner(String partnerId, int page, int size) {
        var query = find("partnerId = :p and removed = :r", Sort.descending("eventYear").and("eventName"),
                Parameters.with("p", partnerId).and("r", false));
        return slice(query, page, size);
    }

    public Uni<Long> countLive(String eventId) {
        return count("eventId = :e and removed = :r", Parameters.with("e", eventId).and("r", false));
    }

    /** Tombstones whose removal event has left; what an event's delete may take with it. */
    public Uni<Long> deleteSettledTombstones(String eventId) {
        return mongoCollection().deleteMany(Filters.and(Filters.eq("eventId", eventId), Filters.eq("removed", true),
                Filters.size("outbox", 0))).map(r -> r.getDeletedCount());
    }

    /** Keeps the denormalized event name and year of the links in step with their event. */
    public Uni<Long> renameEvent(String eventId, String name, int year) {
        return mongoCollection().updateMany(Filters.eq("eventId", eventId), Updates.combine(
                Updates.set("eventName", name), Updates.set("eventYear", year),
                Updates.set("eventIdYear", eventId + "#" + year)))
                .map(r -> r.getModifiedCount());
    }

    private Uni<Slice> slice(io.quarkus.mongodb.panache.reactive.ReactivePanacheQuery<PartnerEventLink> query, int page,
            int size) {
        return Uni.combine().all().unis(query.page(Page.of(page, size)).list(), query.count()).asTuple()
                .map(t -> new Slice(t.getItem1(), t.getItem2()));
    }
}

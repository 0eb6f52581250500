package org.partnerportal.engagement.repository;

import java.util.List;

import org.partnerportal.engagement.domain.PartnershipEvent;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class EventRepository implements ReactivePanacheMongoRepositoryBase<PartnershipEvent, String> {

    public record Slice(List<PartnershipEvent> items, long total) {
    }

    public Uni<Void> ensureIndexes() {
        return mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("archived"),
                Indexes.descending("year"), Indexes.ascending("name"))).replaceWithVoid();
    }

    /** Newest year first, then by name. */
    public Uni<Slice> page(boolean archived, Integer year, int page, int size) {
        Sort sort = Sort.descending("year").and("name").and("_id");
        var query = year == null
                ? find("archived = :a", sort, Parameters.with("a", archived))
                : find("archived = :a and year = :y", sort, Parameters.with("a", archived).and("y", year));
        return Uni.combine().all().unis(query.page(Page.of(page, size)).list(), query.count()).asTuple()
                .map(t -> new Slice(t.getItem1(), t.getItem2()));
    }

    /** Replaces the event if nobody changed it since {@code expectedVersion}; emits whether it did. */
    public Uni<Boolean> replaceIfVersion(PartnershipEvent event, long expectedVersion) {
        return mongoCollection()
                .replaceOne(Filters.and(Filters.eq("_id", event.id), Filters.eq("version", expectedVersion)), event)
                .map(r -> r.getMatchedCount() == 1);
    }

    public Uni<List<PartnershipEvent>> all() {
        return listAll(Sort.descending("year").and("name"));
    }
}

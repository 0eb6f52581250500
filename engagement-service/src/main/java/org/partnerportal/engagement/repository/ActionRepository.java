package org.partnerportal.engagement.repository;

import java.util.ArrayList;
import java.util.List;

import org.bson.conversions.Bson;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.engagement.domain.ActionItem;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ActionRepository implements ReactivePanacheMongoRepositoryBase<ActionItem, String> {

    public static final String COLLECTION = "actions";

    public record Slice(List<ActionItem> items, long total) {
    }

    public Uni<Void> ensureIndexes() {
        return mongoCollection()
                .createIndex(Indexes.compoundIndex(Indexes.ascending("partnerId"), Indexes.ascending("status")))
                .chain(() -> mongoCollection().createIndex(
                        Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("dueDate"))))
                .replaceWithVoid();
    }

    public Uni<Boolean> updateIfVersion(String id, long expectedVersion, List<Bson> sets, List<OutboxEvent> events) {
        List<Bson> all = new ArrayList<>(sets);
        all.add(Updates.inc("version", 1L));
        if (!events.isEmpty()) {
            all.add(Outbox.pushEvents(events));
        }
        return CompareAndSet.ifMatches(mongoCollection(), Filters.and(Filters.eq("_id", id), Filters.eq("version", expectedVersion)),
                Updates.combine(all));
    }

    /** Open items first by due date (undated last), then done ones, newest first. */
    public Uni<Slice> pageByPartner(String partnerId, String status, int page, int size) {
        Sort sort = Sort.descending("status").and("dueDate").and("createdAt");
        var query = status == null
                ? find("partnerId = :p", sort, Parameters.with("p", partnerId))
                : find("partnerId = :p and status = :s", sort, Parameters.with("p", partnerId).and("s", status));
        return Uni.combine().all().unis(query.page(Page.of(page, size)).list(), query.count()).asTuple()
                .map(t -> new Slice(t.getItem1(), t.getItem2()));
    }

    /** Demo reset: every action item of the partner. */
    public Uni<Long> deleteByPartner(String partnerId) {
        return delete("partnerId", partnerId);
    }
}

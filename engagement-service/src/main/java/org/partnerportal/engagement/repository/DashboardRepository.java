package org.partnerportal.engagement.repository;

import java.util.List;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.partnerportal.engagement.domain.ActionItem;
import org.partnerportal.engagement.domain.LinkStatuses;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The dashboard's figures, computed by the database: each query hands back a number of rows that
 * depends on the number of events and statuses, never on the number of links, so neither the
 * answer time of the service nor its memory grows with the pipeline.
 */
@ApplicationScoped
public class DashboardRepository {

    /** One row per (event, status): link count, amount and follow-up buckets, in cents. */
    public record LinkGroup(String eventId, String status, String statusLabel, long count, long amountCents, long overdue, long dueToday,
            long dueThisWeek) {
    }

    public record PartnerCounts(long active, long archived) {
    }

    public record FollowUp(String linkId, String partnerId, String eventId, String eventName, String status,
            String followUpDate) {
    }

    private final ReactiveMongoClient mongo;
    private final String database;

    DashboardRepository(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.mongo = mongo;
        this.database = database;
    }

    /**
     * Follow-up buckets: overdue before {@code today}, due {@code today}, and due later this week up
     * to {@code weekEnd} inclusive. ISO dates compare as strings; a missing date is null, which
     * sorts below every string, hence the {@code > ""} guard.
     */
    public Uni<List<LinkGroup>> linkGroups(List<String> excludedEventIds, String today, String weekEnd) {
        Document dated = new Document("$gt", List.of("$followUpDate", ""));
        Document match = new Document("removed", false);
        if (!excludedEventIds.isEmpty()) {
            match.append("eventId", new Document("$nin", excludedEventIds));
        }
        List<Document> pipeline = List.of(
                new Document("$match", match),
                new Document("$group", new Document("_id", new Document("e", "$eventId").append("s", "$status"))
                        .append("label", new Document("$first", "$statusLabel"))
                        .append("count", new Document("$sum", 1))
                        .append("amount", new Document("$sum", new Document("$ifNull", List.of("$amountCents", 0L))))
                        .append("overdue", countIf(new Document("$and", List.of(dated,
                                new Document("$lt", List.of("$followUpDate", today))))))
                        .append("today", countIf(new Document("$eq", List.of("$followUpDate", today))))
                        .append("week", countIf(new Document("$and", List.of(
                                new Document("$gt", List.of("$followUpDate", today)),
                                new Document("$lte", List.of("$followUpDate", weekEnd))))))));
        return collection(LinkRepository.COLLECTION).aggregate(pipeline)
                .map(d -> {
                    Document id = d.get("_id", Document.class);
                    return new LinkGroup(id.getString("e"), id.getString("s"), d.getString("label"), number(d, "count"), number(d, "amount"),
                            number(d, "overdue"), number(d, "today"), number(d, "week"));
                })
                .collect().asList();
    }

    /** The next follow-ups on open links, up to {@code weekEnd}, oldest due first. */
    public Uni<List<FollowUp>> nextFollowUps(List<String> excludedEventIds, String weekEnd, int limit) {
        var filter = Filters.and(Filters.eq("removed", false),
                Filters.nin("status", LinkStatuses.CLOSED_STATUSES),
                Filters.gt("followUpDate", ""), Filters.lte("followUpDate", weekEnd),
                Filters.nin("eventId", excludedEventIds));
        return collection(LinkRepository.COLLECTION)
                .find(filter, new FindOptions().sort(Sorts.ascending("followUpDate", "_id")).limit(limit)
                        .projection(new Document("partnerId", 1).append("eventId", 1).append("eventName", 1)
                                .append("status", 1).append("followUpDate", 1)))
                .map(d -> new FollowUp(d.getString("_id"), d.getString("partnerId"), d.getString("eventId"),
                        d.getString("eventName"), d.getString("status"), d.getString("followUpDate")))
                .collect().asList();
    }

    public Uni<PartnerCounts> partnerCounts() {
        List<Document> pipeline = List.of(
                new Document("$match", new Document("deleted", new Document("$ne", true))),
                new Document("$group", new Document("_id", "$archived").append("n", new Document("$sum", 1))));
        return collection("partners").aggregate(pipeline).collect().asList().map(rows -> {
            long active = 0;
            long archived = 0;
            for (Document r : rows) {
                if (Boolean.TRUE.equals(r.get("_id"))) {
                    archived += number(r, "n");
                } else {
                    active += number(r, "n");
                }
            }
            return new PartnerCounts(active, archived);
        });
    }

    public Uni<Long> openActions() {
        return collection(ActionRepository.COLLECTION).countDocuments(Filters.eq("status", ActionItem.OPEN));
    }

    public Uni<Long> overdueActions(String today) {
        return collection(ActionRepository.COLLECTION).countDocuments(Filters.and(Filters.eq("status", ActionItem.OPEN),
                Filters.gt("dueDate", ""), Filters.lt("dueDate", today)));
    }

    private static Document countIf(Document condition) {
        return new Document("$sum", new Document("$cond", List.of(condition, 1, 0)));
    }

    private static long number(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    private ReactiveMongoCollection<Document> collection(String name) {
        return mongo.getDatabase(database).getCollection(name);
    }
}

package org.partnerportal.engagement.repository;

import java.util.Comparator;
import java.util.List;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.partnerportal.engagement.domain.ActionItem;

import com.mongodb.client.model.Filters;

import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The dashboard's queries besides the event rollups: partner counts, the next follow-ups and the
 * action counts. Each hands back a bounded number of rows (a limit, or a count), so the service's
 * memory does not grow with the data.
 */
@ApplicationScoped
public class DashboardRepository {

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

    /** These links as follow-up rows, in the order of {@code linkIds}: one lookup by id each. */
    public Uni<List<FollowUp>> followUps(List<String> linkIds) {
        return collection(LinkRepository.COLLECTION)
                .find(Filters.in("_id", linkIds), new FindOptions().projection(new Document("partnerId", 1)
                        .append("eventId", 1).append("eventName", 1).append("status", 1).append("followUpDate", 1)))
                .map(d -> new FollowUp(d.getString("_id"), d.getString("partnerId"), d.getString("eventId"),
                        d.getString("eventName"), d.getString("status"), d.getString("followUpDate")))
                .collect().asList()
                .map(rows -> rows.stream().sorted(Comparator.comparingInt(r -> linkIds.indexOf(r.linkId()))).toList());
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

    private static long number(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    private ReactiveMongoCollection<Document> collection(String name) {
        return mongo.getDatabase(database).getCollection(name);
    }
}

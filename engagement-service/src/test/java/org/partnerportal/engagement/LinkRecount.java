package org.partnerportal.engagement;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.partnerportal.engagement.domain.EventRollup.Figures;
import org.partnerportal.engagement.domain.LinkStatuses;

import io.quarkus.mongodb.reactive.ReactiveMongoCollection;

/**
 * The reference the rollup is checked against: the event's figures computed afresh from every
 * link by the database, with the aggregation the dashboard ran before it had a rollup.
 */
final class LinkRecount {

    /** Per status "count/amountCents", and per follow-up date the open links due then. */
    record Counted(Map<String, String> statuses, Map<String, Long> followUps) {

        /** The same view of a rollup's sums (statuses every link has left are not there). */
        static Counted of(Figures f) {
            Map<String, String> statuses = new TreeMap<>();
            f.statuses().forEach((s, g) -> {
                if (g.count() != 0) {
                    statuses.put(s, g.count() + "/" + g.amountCents());
                }
            });
            Map<String, Long> followUps = new TreeMap<>();
            f.followUps().forEach((d, n) -> {
                if (n != 0) {
                    followUps.put(d, n);
                }
            });
            return new Counted(statuses, followUps);
        }
    }

    private LinkRecount() {
    }

    static Counted of(ReactiveMongoCollection<Document> links, String eventId) {
        Map<String, String> statuses = new TreeMap<>();
        for (Document g : run(links, List.of(
                new Document("$match", new Document("eventId", eventId).append("removed", false)),
                new Document("$group", new Document("_id", "$status").append("count", new Document("$sum", 1))
                        .append("amount", new Document("$sum", new Document("$ifNull", List.of("$amountCents", 0L)))))))) {
            statuses.put(g.getString("_id"), ((Number) g.get("count")).longValue() + "/" + ((Number) g.get("amount")).longValue());
        }
        Map<String, Long> followUps = new TreeMap<>();
        for (Document g : run(links, List.of(
                new Document("$match", new Document("eventId", eventId).append("removed", false)
                        .append("status", new Document("$nin", LinkStatuses.CLOSED_STATUSES))
                        .append("followUpDate", new Document("$gt", ""))),
                new Document("$group", new Document("_id", "$followUpDate").append("n", new Document("$sum", 1)))))) {
            followUps.put(g.getString("_id"), ((Number) g.get("n")).longValue());
        }
        return new Counted(statuses, followUps);
    }

    private static List<Document> run(ReactiveMongoCollection<Document> links, List<Document> pipeline) {
        return links.aggregate(pipeline).collect().asList().await().atMost(Duration.ofSeconds(10));
    }
}

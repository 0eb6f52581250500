package org.partnerportal.engagement.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnerportal.engagement.domain.LinkStatuses;
import org.partnerportal.engagement.domain.PartnerEventLink;
import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.TimelineRepository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Follow-up dates, from links (open and dated: the seed's follow-up queue) and from communications.
 * A communication's follow-up is open until a later communication with the same partner is logged
 * (that later touch is the follow-up); it is decided when read, so no write has to keep a flag right.
 */
@ApplicationScoped
public class FollowUpService {

    /** Communications with a follow-up date read at most per question: the queue shows the earliest. */
    static final int SCAN = 500;

    private final TimelineRepository timeline;
    private final LinkRepository links;
    private final Clock clock;

    FollowUpService(TimelineRepository timeline, LinkRepository links, Clock clock) {
        this.timeline = timeline;
        this.links = links;
        this.clock = clock;
    }

    /** One follow-up: {@code kind} {@code link} (id = link id) or {@code communication} (id = timeline entry id). */
    public record FollowUp(String kind, String id, String partnerId, String date, boolean overdue, String title,
            String eventId, String eventName, String status) {
    }

    public record CommunicationFollowUps(long overdue, long dueToday, long dueThisWeek, List<FollowUp> next) {
    }

    /** The partner's open follow-ups, links and communications together, earliest first. */
    public Uni<List<FollowUp>> forPartner(String partnerId) {
        String today = LocalDate.now(clock).toString();
        Uni<List<FollowUp>> fromLinks = links.pageByPartner(partnerId, 0, 200).map(slice -> slice.items().stream()
                .filter(l -> !l.removed && l.followUpDate != null && !l.followUpDate.isEmpty()
                        && !LinkStatuses.CLOSED_STATUSES.contains(l.status))
                .map(l -> linkFollowUp(l, today)).toList());
        Uni<List<FollowUp>> fromCommunications = openCommunications(Filters.eq("partnerId", partnerId), today);
        return Uni.combine().all().unis(fromLinks, fromCommunications).asTuple().map(t -> {
            List<FollowUp> all = new ArrayList<>(t.getItem1());
            all.addAll(t.getItem2());
            all.sort(Comparator.comparing(FollowUp::date).thenComparing(FollowUp::id));
            return all;
        });
    }

    /** The dashboard's communication follow-ups due up to {@code weekEnd}: counted by bucket, the earliest listed. */
    public Uni<CommunicationFollowUps> dueBy(LocalDate today, LocalDate weekEnd) {
        String t = today.toString();
        String w = weekEnd.toString();
        return openCommunications(Filters.lte("communication.followUpDate", weekEnd), t).map(open -> {
            long overdue = 0;
            long dueToday = 0;
            long dueThisWeek = 0;
            for (FollowUp f : open) {
                int c = f.date().compareTo(t);
                if (c < 0) {
                    overdue++;
                } else if (c == 0) {
                    dueToday++;
                } else if (f.date().compareTo(w) <= 0) {
                    dueThisWeek++;
                }
            }
            return new CommunicationFollowUps(overdue, dueToday, dueThisWeek,
                    open.stream().limit(DashboardService.QUEUE_SIZE).toList());
        });
    }

    private Uni<List<FollowUp>> openCommunications(Bson scope, String today) {
        Bson filter = Filters.and(Filters.eq("kind", TimelineKind.COMMUNICATION.key()),
                Filters.ne("communication.followUpDate", null), scope);
        return timeline.mongoCollection().find(filter, new FindOptions()
                .sort(Sorts.ascending("communication.followUpDate", "_id")).limit(SCAN)).collect().asList()
                .chain(candidates -> latestPerPartner(candidates).map(latest -> candidates.stream()
                        .filter(c -> c.occurredAt != null && !c.occurredAt.isBefore(latest.getOrDefault(c.partnerId, c.occurredAt)))
                        .map(c -> new FollowUp("communication", c.id, c.partnerId,
                                c.communication.followUpDate.toString(),
                                c.communication.followUpDate.toString().compareTo(today) < 0, c.title,
                                c.communication.eventId, null, null))
                        .toList()));
    }

    /** The newest communication per partner of these rows, in one aggregation. */
    private Uni<Map<String, java.time.Instant>> latestPerPartner(List<TimelineEntry> rows) {
        List<String> partnerIds = rows.stream().map(r -> r.partnerId).distinct().toList();
        if (partnerIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Document> pipeline = List.of(
                new Document("$match", new Document("kind", TimelineKind.COMMUNICATION.key())
                        .append("partnerId", new Document("$in", partnerIds))),
                new Document("$group", new Document("_id", "$partnerId").append("last", new Document("$max", "$occurredAt"))));
        return timeline.mongoCollection().aggregate(pipeline, Document.class).collect().asList().map(groups -> {
            Map<String, java.time.Instant> latest = new HashMap<>();
            for (Document g : groups) {
                if (g.get("last") instanceof Date d) {
                    latest.put(g.getString("_id"), d.toInstant());
                }
            }
            return latest;
        });
    }

    private static FollowUp linkFollowUp(PartnerEventLink l, String today) {
        return new FollowUp("link", l.id, l.partnerId, l.followUpDate, l.followUpDate.compareTo(today) < 0,
                l.eventName + " " + l.eventYear, l.eventId, l.eventName, l.statusLabel);
    }
}

package org.partnerportal.engagement.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.engagement.domain.EventRollup.Entry;
import org.partnerportal.engagement.domain.EventRollup.Figures;
import org.partnerportal.engagement.domain.EventRollup;
import org.partnerportal.engagement.domain.LinkContribution;
import org.partnerportal.engagement.domain.PartnerEventLink;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code event_rollups} collection (see {@link EventRollup}). Every write is one
 * single-document compare-and-set: on the entry's counted version for a link, on the document's
 * revision for a rebuild. A lost compare-and-set answers false and the caller reads again.
 */
@ApplicationScoped
public class RollupRepository {

    public static final String COLLECTION = "event_rollups";

    private final ReactiveMongoClient mongo;
    private final String database;

    RollupRepository(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.mongo = mongo;
        this.database = database;
    }

    /** Whether the event has a rollup, and the entry of this partner's link in it (null: none yet). */
    public record Lookup(boolean exists, Entry entry) {
    }

    public Uni<Lookup> lookup(String eventId, String partnerId) {
        String field = EventRollup.LINKS + "." + EventRollup.key(partnerId);
        return collection().find(Filters.eq("_id", eventId), new FindOptions().projection(Projections.include(field)).limit(1))
                .collect().first()
                .map(d -> d == null ? new Lookup(false, null) : new Lookup(true, Entry.fromBson(
                        d.get(EventRollup.LINKS, new Document()).get(EventRollup.key(partnerId), Document.class))));
    }

    /**
     * Moves an existing rollup from counting {@code from} (null: nothing counted for this link yet)
     * to counting version {@code version} of the link as {@code to}, in one update guarded by the
     * entry's current version; emits false when another writer moved the entry first. Rollup
     * documents are only ever created whole, by the rebuild, so one that exists counts every link.
     */
    public Uni<Boolean> move(String eventId, String partnerId, Entry from, long version, LinkContribution to) {
        String field = EventRollup.LINKS + "." + EventRollup.key(partnerId);
        Bson filter = from == null ? Filters.and(Filters.eq("_id", eventId), Filters.exists(field, false))
                : Filters.and(Filters.eq("_id", eventId), Filters.eq(field + ".v", from.version()));
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.inc(EventRollup.REVISION, 1L));
        updates.add(Updates.set(field, new Entry(version, to).toBson()));
        EventRollup.increments(from == null ? null : from.counted(), to).forEach((path, v) -> updates.add(Updates.inc(path, v)));
        String fromDate = from == null || from.counted() == null ? null : from.counted().followUpDate();
        String toDate = to == null ? null : to.followUpDate();
        if (fromDate != null && !fromDate.equals(toDate)) {
            updates.add(Updates.pull(EventRollup.FOLLOW_UP_LINKS + "." + fromDate, partnerId));
        }
        if (toDate != null && !toDate.equals(fromDate)) {
            updates.add(Updates.addToSet(EventRollup.FOLLOW_UP_LINKS + "." + toDate, partnerId));
        }
        if (to != null && to.statusLabel() != null) {
            updates.add(Updates.set(EventRollup.STATUSES + "." + to.status() + ".label", to.statusLabel()));
        }
        // a find-and-modify: the same compare-and-set, which the local wire server looks up by _id
        return CompareAndSet.ifMatches(collection(), filter, Updates.combine(updates));
    }

    /** The sums of these events' rollups, without their per-link entries. */
    public Uni<List<Figures>> figures(Collection<String> eventIds) {
        return collection().find(Filters.in("_id", eventIds),
                new FindOptions().projection(Projections.include(EventRollup.STATUSES, EventRollup.FOLLOW_UPS)))
                .map(Figures::fromBson)
                .collect().asList();
    }

    /** An open link due on {@code date}. */
    public record DueLink(String date, String eventId, String partnerId) {

        public String linkId() {
            return PartnerEventLink.idOf(partnerId, eventId);
        }
    }

    /** The open links of these events due on these dates, read from the rollups' member lists. */
    public Uni<List<DueLink>> dueLinks(Collection<String> eventIds, Collection<String> dates) {
        List<String> fields = dates.stream().map(d -> EventRollup.FOLLOW_UP_LINKS + "." + d).toList();
        return collection().find(Filters.in("_id", eventIds), new FindOptions().projection(Projections.include(fields)))
                .collect().asList()
                .map(docs -> {
                    List<DueLink> due = new ArrayList<>();
                    for (Document d : docs) {
                        d.get(EventRollup.FOLLOW_UP_LINKS, new Document()).forEach((date, partners) -> {
                            for (Object partnerId : (List<?>) partners) {
                                due.add(new DueLink(date, d.getString("_id"), (String) partnerId));
                            }
                        });
                    }
                    return due;
                });
    }

    /** The revision of each of these events' rollups; an event without one is not in the map. */
    public Uni<Map<String, Long>> revisions(Collection<String> eventIds) {
        return collection().find(Filters.in("_id", eventIds),
                new FindOptions().projection(Projections.include(EventRollup.REVISION)))
                .collect().asMap(d -> d.getString("_id"), d -> ((Number) d.get(EventRollup.REVISION)).longValue());
    }

    /** Writes a rebuilt document if the rollup is still at {@code revision} (null: still absent). */
    public Uni<Boolean> replaceIfRevision(String eventId, Long revision, Document rebuilt) {
        if (revision == null) {
            return collection().insertOne(rebuilt).replaceWith(true).onFailure(MongoErrors::isDuplicateKey).recoverWithItem(false);
        }
        return collection().replaceOne(Filters.and(Filters.eq("_id", eventId), Filters.eq(EventRollup.REVISION, revision)),
                rebuilt, new ReplaceOptions()).map(r -> r.getMatchedCount() == 1);
    }

    public Uni<Set<String>> eventIds() {
        return collection().find(new Document(), new FindOptions().projection(Projections.include("_id")))
                .map(d -> d.getString("_id")).collect().asList().map(ids -> ids.stream().collect(Collectors.toSet()));
    }

    public Uni<Void> delete(String eventId) {
        return collection().deleteOne(Filters.eq("_id", eventId)).replaceWithVoid();
    }

    private ReactiveMongoCollection<Document> collection() {
        return mongo.getDatabase(database).getCollection(COLLECTION);
    }
}

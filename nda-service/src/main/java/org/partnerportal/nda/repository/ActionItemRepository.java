package org.partnerportal.nda.repository;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.partnerportal.common.mongo.CompareAndSet;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The projection of engagement-service's action items that the portal shows ({@code _id} = actionId). */
@ApplicationScoped
public class ActionItemRepository {

    private final Collections collections;

    ActionItemRepository(Collections collections) {
        this.collections = collections;
    }

    /** What one event says of an action item ({@code _id} = its actionId). */
    public record Change(String actionId, Document fields, Instant eventTime) {
    }

    /**
     * Same guard as the partner projection, for a batch in one round trip: only an event newer than
     * the last applied one writes, each item's events in the order given.
     */
    public Uni<Integer> applyAllIfNewer(List<Change> changes) {
        return CompareAndSet.upsertAllUnlessStale(collections.get(Collections.ACTION_ITEMS), changes.stream()
                .map(c -> new CompareAndSet.Guarded(c.actionId(),
                        Filters.and(Filters.eq("_id", c.actionId()), Filters.lt("eventTime", Date.from(c.eventTime()))),
                        new Document("$set", new Document(c.fields()).append("eventTime", Date.from(c.eventTime())))))
                .toList());
    }

    public Uni<List<Document>> byPartner(String partnerId) {
        return collections.get(Collections.ACTION_ITEMS)
                .find(Filters.eq("partnerId", partnerId), new FindOptions().sort(Sorts.ascending("dueDate"))).collect().asList();
    }

    /** Demo reset: the projected action items of the partner (engagement-service resets its own). */
    public Uni<Long> deleteByPartner(String partnerId) {
        return collections.get(Collections.ACTION_ITEMS).deleteMany(Filters.eq("partnerId", partnerId))
                .map(r -> r.getDeletedCount());
    }
}

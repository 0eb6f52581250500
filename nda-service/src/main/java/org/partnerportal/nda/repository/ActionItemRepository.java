package org.partnerportal.nda.repository;

import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.nda.domain.ActionItemRef;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The projection of engagement-service's action items that the portal shows ({@code _id} = actionId). */
@ApplicationScoped
public class ActionItemRepository implements ReactivePanacheMongoRepositoryBase<ActionItemRef, String> {

    /** What one event says of an action item ({@code _id} = its actionId): the fields it carries, as stored. */
    public record Change(String actionId, Document fields, Instant eventTime) {
    }

    /**
     * Same guard as the partner projection, for a batch in one round trip: only an event newer than
     * the last applied one writes, each item's events in the order given.
     */
    public Uni<Integer> applyAllIfNewer(List<Change> changes) {
        return CompareAndSet.upsertAllUnlessStale(mongoCollection(), changes.stream()
                .map(c -> new CompareAndSet.Guarded(c.actionId(),
                        Filters.and(Filters.eq("_id", c.actionId()), Filters.lt("eventTime", c.eventTime())),
                        new Document("$set", new Document(c.fields()).append("eventTime", c.eventTime()))))
                .toList());
    }

    /** The partner's projected action items, by due date. */
    public Uni<List<ActionItemRef>> byPartner(String partnerId) {
        return list(Filters.eq("partnerId", partnerId), Sorts.ascending("dueDate"));
    }

    /** Demo reset: the projected action items of the partner (engagement-service resets its own). */
    public Uni<Long> deleteByPartner(String partnerId) {
        return delete(Filters.eq("partnerId", partnerId));
    }
}

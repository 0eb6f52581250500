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

    /** Same guard as the partner projection: only an event newer than the last applied one writes. */
    public Uni<Boolean> applyIfNewer(String actionId, Document fields, Instant eventTime) {
        return CompareAndSet.upsertUnlessStale(collections.get(Collections.ACTION_ITEMS),
                Filters.and(Filters.eq("_id", actionId), Filters.lt("eventTime", Date.from(eventTime))),
                new Document("$set", new Document(fields).append("eventTime", Date.from(eventTime))));
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

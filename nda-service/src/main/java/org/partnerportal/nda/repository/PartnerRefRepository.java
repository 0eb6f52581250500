package org.partnerportal.nda.repository;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.nda.domain.PartnerRef;

import com.mongodb.client.model.Filters;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PartnerRefRepository implements ReactivePanacheMongoRepositoryBase<PartnerRef, String> {

    public static final String COLLECTION = "partners";

    /**
     * Applies {@code fields} to the partner if the event is newer than the one last applied, in one
     * atomic write: the filter matches only an older row, so for a newer stored row the upsert
     * tries to insert a second row with the same {@code _id} and the duplicate key says "stale".
     * Emits true when the event was applied.
     */
    public Uni<Boolean> applyIfNewer(String partnerId, Document fields, String eventId, Instant eventTime,
            Instant now) {
        Document set = new Document(fields)
                .append("eventTime", Date.from(eventTime))
                .append("eventId", eventId)
                .append("updatedAt", Date.from(now));
        return CompareAndSet.upsertUnlessStale(mongoCollection(),
                Filters.and(Filters.eq("_id", partnerId), Filters.lt("eventTime", Date.from(eventTime))),
                new Document("$set", set));
    }
}

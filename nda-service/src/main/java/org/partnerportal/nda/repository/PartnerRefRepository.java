package org.partnerportal.nda.repository;

import java.time.Instant;
import java.util.Date;
import java.util.List;

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

    /** What one event says of a partner: the fields it carries, its id and time. */
    public record Change(String partnerId, Document fields, String eventId, Instant eventTime) {
    }

    /**
     * Applies each change to its partner if its event is newer than the one last applied, in the
     * order given, in one round trip: each filter matches only an older row, so for a newer stored
     * row the upsert tries to insert a second row with the same {@code _id} and the duplicate key
     * says "stale" ({@link CompareAndSet#upsertAllUnlessStale}). Emits how many were applied.
     */
    public Uni<Integer> applyAllIfNewer(List<Change> changes, Instant now) {
        return CompareAndSet.upsertAllUnlessStale(mongoCollection(), changes.stream().map(c -> new CompareAndSet.Guarded(c.partnerId(),
                Filters.and(Filters.eq("_id", c.partnerId()), Filters.lt("eventTime", Date.from(c.eventTime()))),
                new Document("$set", new Document(c.fields())
                        .append("eventTime", Date.from(c.eventTime()))
                        .append("eventId", c.eventId())
                        .append("updatedAt", Date.from(now))))).toList());
    }
}

package org.partnerportal.engagement.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.conversions.Bson;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.engagement.domain.PartnerRef;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PartnerRefRepository implements ReactivePanacheMongoRepositoryBase<PartnerRef, String> {

    /** What one event says of a partner, as of its time: the fields it sets. */
    public record Change(String partnerId, Instant at, List<Bson> sets) {
    }

    /**
     * Writes what each event says of its partner unless a newer event already did, in the order
     * given, in one round trip. Each filter matches only a row older than the event; when none
     * matches, the upsert tries an insert, which collides on the id of the newer row: that
     * duplicate means "stale" and changes nothing ({@link CompareAndSet#upsertAllUnlessStale}).
     */
    public Uni<Integer> applyAllIfNewer(List<Change> changes) {
        return CompareAndSet.upsertAllUnlessStale(mongoCollection(), changes.stream().map(c -> {
            List<Bson> all = new ArrayList<>(c.sets());
            all.add(Updates.set("at", Mongo.date(c.at())));
            Bson filter = Filters.and(Filters.eq("_id", c.partnerId()),
                    Filters.or(Filters.exists("at", false), Filters.lte("at", Mongo.date(c.at()))));
            return new CompareAndSet.Guarded(c.partnerId(), filter, Updates.combine(all));
        }).toList());
    }

    /**
     * Raises the projected portal key version to {@code version}; a lower or equal one (a replay,
     * an event arriving late) changes nothing.
     */
    public Uni<Boolean> raisePortalKeyVersion(String partnerId, long version) {
        Bson filter = Filters.and(Filters.eq("_id", partnerId),
                Filters.or(Filters.exists("portalKeyVersion", false), Filters.lt("portalKeyVersion", version)));
        return CompareAndSet.upsertUnlessStale(mongoCollection(), filter, Updates.set("portalKeyVersion", version));
    }
}

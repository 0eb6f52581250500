package org.partnerportal.engagement.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.conversions.Bson;
import org.partnerportal.engagement.domain.SyncStatus;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SyncStatusRepository implements ReactivePanacheMongoRepositoryBase<SyncStatus, String> {

    /**
     * One run, as one upsert of the provider's row. A run with an error records it; a run without
     * one counts as a success and clears the last error.
     */
    public Uni<Void> recordRun(String provider, Instant at, int received, int imported, int duplicates, String error) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("lastRunAt", Mongo.date(at)),
                Updates.set("lastReceived", received), Updates.set("lastImported", imported),
                Updates.set("lastDuplicates", duplicates), Updates.inc("totalImported", (long) imported),
                Updates.inc("runs", 1L)));
        if (error != null) {
            updates.add(Updates.set("lastError", error));
            updates.add(Updates.set("lastErrorAt", Mongo.date(at)));
        } else {
            updates.add(Updates.set("lastSuccessAt", Mongo.date(at)));
            updates.add(Updates.set("lastError", null));
        }
        return mongoCollection().updateOne(Filters.eq("_id", provider), Updates.combine(updates),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    public Uni<List<SyncStatus>> all() {
        return listAll(Sort.ascending("_id"));
    }
}

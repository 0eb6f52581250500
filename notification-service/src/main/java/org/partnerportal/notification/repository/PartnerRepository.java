package org.partnerportal.notification.repository;

import org.partnerportal.notification.domain.PartnerEntry;

import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PartnerRepository implements ReactivePanacheMongoRepositoryBase<PartnerEntry, String> {

    public Uni<Void> ensureIndexes() {
        return mongoCollection().createIndex(Indexes.ascending("tier", "stage"))
                .chain(() -> mongoCollection().createIndex(Indexes.ascending("eventIds")))
                .replaceWithVoid();
    }
}

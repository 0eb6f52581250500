package org.partnerportal.partner.repository;

import org.partnerportal.partner.domain.AccessRequest;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AccessRequestRepository implements ReactivePanacheMongoRepositoryBase<AccessRequest, String> {

    public static final String COLLECTION = "access_requests";

    public Uni<Void> ensureIndexes() {
        return mongoCollection().createIndex(Indexes.ascending("pendingKey"), new IndexOptions().unique(true).name("pending_unique"))
                .chain(() -> mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("createdAt"))))
                .replaceWithVoid();
    }
}

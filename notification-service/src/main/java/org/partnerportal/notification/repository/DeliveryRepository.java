package org.partnerportal.notification.repository;

import org.partnerportal.notification.domain.Delivery;

import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DeliveryRepository implements ReactivePanacheMongoRepositoryBase<Delivery, String> {

    public static final String COLLECTION = "deliveries";

    public Uni<Void> ensureIndexes() {
        return mongoCollection().createIndex(Indexes.ascending("status", "nextAttemptAt"))
                .chain(() -> mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("partnerId"), Indexes.descending("createdAt"))))
                .chain(() -> mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("template"), Indexes.descending("createdAt"))))
                .chain(() -> mongoCollection().createIndex(Indexes.descending("createdAt")))
                .chain(() -> mongoCollection().createIndex(Indexes.ascending("mailingId", "status")))
                .chain(() -> mongoCollection().createIndex(Indexes.ascending("eventId")))
                .chain(() -> mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("recipient"), Indexes.descending("createdAt"))))
                .replaceWithVoid();
    }
}

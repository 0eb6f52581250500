package org.partnerportal.notification.repository;

import org.partnerportal.notification.domain.Mailing;

import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MailingRepository implements ReactivePanacheMongoRepositoryBase<Mailing, String> {

    public Uni<Void> ensureIndexes() {
        return mongoCollection().createIndex(Indexes.descending("createdAt")).replaceWithVoid();
    }
}

package org.partnerportal.partner.repository;

import org.partnerportal.partner.domain.Membership;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MembershipRepository implements ReactivePanacheMongoRepositoryBase<Membership, String> {

    public Uni<Void> ensureIndexes() {
        return mongoCollection().createIndex(Indexes.ascending("email"), new IndexOptions().name("email"))
                .chain(() -> mongoCollection().createIndex(Indexes.ascending("partnerId"), new IndexOptions().name("partner")))
                .replaceWithVoid();
    }
}

package org.partnerportal.partner.repository;

import org.partnerportal.partner.domain.Partner;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PartnerRepository implements ReactivePanacheMongoRepositoryBase<Partner, String> {

    public static final String COLLECTION = "partners";

    public Uni<Void> ensureIndexes() {
        var c = mongoCollection();
        return c.createIndex(Indexes.ascending("nameKey"), new IndexOptions().unique(true).name("name_unique_ci"))
                .chain(() -> c.createIndex(Indexes.ascending("tier", "stage")))
                .chain(() -> c.createIndex(Indexes.ascending("industry")))
                .chain(() -> c.createIndex(Indexes.ascending("stage")))
                .chain(() -> c.createIndex(Indexes.ascending("contacts.email")))
                .chain(() -> c.createIndex(Indexes.ascending("tags")))
                .replaceWithVoid();
    }
}

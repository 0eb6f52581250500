package org.partnerportal.notification.repository;

import org.partnerportal.notification.domain.TemplateVersion;

import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TemplateVersionRepository implements ReactivePanacheMongoRepositoryBase<TemplateVersion, String> {

    public Uni<Void> ensureIndexes() {
        return mongoCollection().createIndex(Indexes.ascending("key", "lang", "version")).replaceWithVoid();
    }
}

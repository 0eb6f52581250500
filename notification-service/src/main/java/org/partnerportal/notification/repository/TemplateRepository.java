package org.partnerportal.notification.repository;

import org.partnerportal.notification.domain.EmailTemplate;

import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TemplateRepository implements ReactivePanacheMongoRepositoryBase<EmailTemplate, String> {

    public static final String COLLECTION = "templates";

    public Uni<Void> ensureIndexes() {
        return mongoCollection().createIndex(Indexes.ascending("key", "lang")).replaceWithVoid();
    }
}

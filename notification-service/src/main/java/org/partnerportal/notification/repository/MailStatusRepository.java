package org.partnerportal.notification.repository;

import java.time.Instant;

import org.partnerportal.notification.domain.MailStatus;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MailStatusRepository implements ReactivePanacheMongoRepositoryBase<MailStatus, String> {

    public Uni<Void> recordSuccess(Instant at) {
        return mongoCollection().updateOne(Filters.eq("_id", MailStatus.SMTP),
                Updates.combine(Updates.set("lastUsedAt", at), Updates.set("lastSuccessAt", at), Updates.inc("sent", 1L)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    public Uni<Void> recordFailure(Instant at, String error) {
        return mongoCollection().updateOne(Filters.eq("_id", MailStatus.SMTP),
                Updates.combine(Updates.set("lastUsedAt", at), Updates.set("lastFailureAt", at),
                        Updates.set("lastError", error), Updates.inc("failures", 1L)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }
}

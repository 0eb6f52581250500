package org.partnerportal.notification.repository;

import org.partnerportal.notification.domain.RecipientPreference;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RecipientRepository implements ReactivePanacheMongoRepositoryBase<RecipientPreference, String> {
}

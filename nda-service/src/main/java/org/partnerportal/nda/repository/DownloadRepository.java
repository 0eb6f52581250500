package org.partnerportal.nda.repository;

import java.util.List;

import org.partnerportal.nda.domain.DownloadRecord;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The download audit ({@code downloads}, with its outbox): one record per download through the gate. */
@ApplicationScoped
public class DownloadRepository implements ReactivePanacheMongoRepositoryBase<DownloadRecord, String> {

    /** The partner's downloads, newest first. */
    public Uni<List<DownloadRecord>> byPartner(String partnerId) {
        return list(Filters.eq("partnerId", partnerId), Sorts.descending("at"));
    }

    /** Demo reset: the partner's download audit. */
    public Uni<Long> deleteByPartner(String partnerId) {
        return delete(Filters.eq("partnerId", partnerId));
    }
}

package org.partnerportal.engagement.service;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.domain.PartnerRef;
import org.partnerportal.engagement.repository.PartnerRefRepository;

import com.mongodb.client.model.Filters;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Links, communications, meetings, actions and decisions are kept only for partners that exist:
 * the ones partner-service announced on {@code partner-events} ({@link PartnerProjection}) and has
 * not deleted. Anything else would put orphan rows, and orphan revenue, on the dashboard.
 */
@ApplicationScoped
public class PartnerGuard {

    private final PartnerRefRepository partners;

    PartnerGuard(PartnerRefRepository partners) {
        this.partners = partners;
    }

    /** The partner of a path ({@code /api/partners/{id}/…}): {@code 404} problem+json when unknown. */
    public Uni<PartnerRef> known(String partnerId) {
        return partners.findById(partnerId).map(p -> {
            if (p == null || p.deleted) {
                throw ProblemException.notFound("Partner", partnerId);
            }
            return p;
        });
    }

    /** The partners a request body names: emits the ones that do not exist (empty when all do). */
    public Uni<Set<String>> unknown(Collection<String> partnerIds) {
        Set<String> wanted = new HashSet<>(partnerIds);
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return partners.mongoCollection().find(Filters.and(Filters.in("_id", List.copyOf(wanted)),
                Filters.ne("deleted", true))).map(p -> p.id).collect().asList().map(found -> {
                    Set<String> missing = new HashSet<>(wanted);
                    found.forEach(missing::remove);
                    return missing;
                });
    }
}

package org.partnerportal.partner.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.partner.domain.AccessRequest;
import org.partnerportal.partner.domain.AccessStatus;
import org.partnerportal.partner.identity.IdentityProvisioner;
import org.partnerportal.partner.messaging.PartnerOutboxRelay;
import org.partnerportal.partner.metrics.PartnerMetrics;
import org.partnerportal.partner.repository.AccessRequestRepository;
import org.partnerportal.partner.repository.PartnerRepository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The access-request workflow: anybody may ask, an admin approves for a partner or denies. Each
 * transition is one conditional single-document update that also carries its event, so a request
 * is never reviewed twice and never changes state without its event.
 */
@ApplicationScoped
public class AccessRequestService {

    private final AccessRequestRepository requests;
    private final PartnerRepository partners;
    private final EventFactory events;
    private final PartnerOutboxRelay relay;
    private final PartnerMetrics metrics;
    private final Clock clock;
    private final String portalUrl;
    private final IdentityProvisioner identity;

    AccessRequestService(AccessRequestRepository requests, PartnerRepository partners, EventFactory events,
            PartnerOutboxRelay relay, PartnerMetrics metrics, Clock clock,
            @ConfigProperty(name = "pp.partner.portal-url") String portalUrl, IdentityProvisioner identity) {
        this.identity = identity;
        this.requests = requests;
        this.partners = partners;
        this.events = events;
        this.relay = relay;
        this.metrics = metrics;
        this.clock = clock;
        this.portalUrl = portalUrl;
    }

    public record Registration(String name, String email, String company, String partnerId, String message, String lang) {
    }

    public Uni<AccessRequest> register(Registration form) {
        Instant now = clock.instant();
        AccessRequest r = new AccessRequest();
        r.id = UUID.randomUUID().toString();
        r.name = form.name().trim();
        r.email = form.email().trim().toLowerCase(Locale.ROOT);
        r.company = form.company().trim();
        r.requestedPartnerId = blankToNull(form.partnerId());
        r.message = blankToNull(form.message());
        r.lang = blankToNull(form.lang());
        r.status = AccessStatus.PENDING.key();
        r.pendingKey = AccessRequest.pendingKey(r.email, r.company);
        r.createdAt = now;
        r.updatedAt = now;
        r.outbox.add(events.partnerEvent(r.requestedPartnerId != null ? r.requestedPartnerId : r.id,
                PartnerEvents.ACCESS_REQUESTED.with(new PartnerEvents.AccessRequested(r.id, r.name, r.email, r.company, r.requestedPartnerId, r.message, now,
                        r.langOrDefault())),
                now));
        r.outboxPending = true;
        return requests.persist(r)
                .onFailure(MongoErrors::isDuplicateKey).transform(e -> ProblemException.conflict(
                        "access-request-pending", "A request for " + r.email + " and " + r.company + " is already pending"))
                .invoke(metrics::accessRequested)
                .invoke(() -> relay.wakeUp(AccessRequestRepository.COLLECTION, r.id));
    }

    public Uni<PageResponse<AccessRequest>> list(AccessStatus status, int page, int size) {
        var query = status == null ? requests.findAll(Sort.descending("createdAt"))
                : requests.find("status", Sort.descending("createdAt"), status.key());
        return Uni.combine().all().unis(query.page(Page.of(page, size)).list(), query.count())
                .asTuple().map(t -> new PageResponse<>(t.getItem1(), t.getItem2(), page, size));
    }

    public Uni<AccessRequest> get(String id) {
        return requests.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Access request", id));
    }

    public Uni<AccessRequest> approve(String id, String partnerId, String notes, String reviewer) {
        return get(id).chain(current -> {
            String target = partnerId != null ? partnerId : current.requestedPartnerId;
            if (target == null) {
                return Uni.createFrom().failure(ProblemException.badRequest("partnerId", "the partner to approve for is required"));
            }
            if (current.statusEnum() == AccessStatus.APPROVED && target.equals(current.partnerId)) {
                return Uni.createFrom().item(current); // approving twice changes nothing
            }
            requirePending(current);
            return partners.findById(target).chain(partner -> {
                if (partner == null || partner.archived) {
                    return Uni.createFrom().failure(ProblemException.unprocessable("unknown-partner",
                            "Partner " + target + " does not exist or is archived"));
                }
                // an existing account of another partner, or a staff account, is never taken over
                return identity.checkBindable(current.email, partner.id).replaceWith(partner);
            }).chain(partner -> {
                Instant now = clock.instant();
                OutboxEvent event = events.partnerEvent(partner.id, PartnerEvents.ACCESS_APPROVED.with(new PartnerEvents.AccessApproved(current.id,
                        partner.id, partner.name, current.name, current.email, current.company, blankToNull(notes),
                        reviewer, now, portalUrl, current.langOrDefault())), now);
                return review(current, AccessStatus.APPROVED, notes, reviewer, now, event,
                        Updates.combine(Updates.set("partnerId", partner.id), Updates.set("partnerName", partner.name)))
                        .onItem().ifNull().switchTo(() -> approve(id, partnerId, notes, reviewer));
            });
        });
    }

    public Uni<AccessRequest> deny(String id, String notes, String reviewer) {
        return get(id).chain(current -> {
            if (current.statusEnum() == AccessStatus.DENIED) {
                return Uni.createFrom().item(current);
            }
            requirePending(current);
            Instant now = clock.instant();
            OutboxEvent event = events.partnerEvent(current.requestedPartnerId != null ? current.requestedPartnerId : current.id,
                    PartnerEvents.ACCESS_DENIED.with(new PartnerEvents.AccessDenied(current.id, current.name, current.email, current.company,
                            blankToNull(notes), reviewer, now, current.langOrDefault())), now);
            return review(current, AccessStatus.DENIED, notes, reviewer, now, event, new Document())
                    .onItem().ifNull().switchTo(() -> deny(id, notes, reviewer));
        });
    }

    /** The pending → reviewed transition; null when another reviewer got there first. */
    private Uni<AccessRequest> review(AccessRequest current, AccessStatus to, String notes, String reviewer,
            Instant now, OutboxEvent event, Bson extra) {
        Bson update = Updates.combine(
                Updates.set("status", to.key()),
                Updates.set("pendingKey", AccessRequest.releasedKey(current.id)),
                Updates.set("reviewNotes", blankToNull(notes)),
                Updates.set("reviewedBy", reviewer),
                Updates.set("reviewedAt", now),
                Updates.set("updatedAt", now),
                Updates.inc("version", 1L),
                Outbox.push(event),
                extra);
        return requests.mongoCollection()
                .findOneAndUpdate(Filters.and(Filters.eq("_id", current.id), Filters.eq("status", AccessStatus.PENDING.key())),
                        update, new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))
                .invoke(updated -> {
                    if (updated != null) {
                        metrics.accessReviewed(to);
                        relay.wakeUp(AccessRequestRepository.COLLECTION, current.id);
                    }
                });
    }

    private static void requirePending(AccessRequest r) {
        if (r.statusEnum() != AccessStatus.PENDING) {
            throw ProblemException.conflict("access-request-reviewed",
                    "The request was already " + r.status + (r.partnerId != null ? " for partner " + r.partnerId : ""));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

package org.partnerportal.partner.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.domain.Contact;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.domain.Stage;
import org.partnerportal.partner.domain.Tier;
import org.partnerportal.partner.messaging.PartnerEvents;
import org.partnerportal.partner.messaging.PartnerOutboxRelay;
import org.partnerportal.partner.repository.PartnerRepository;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PartnerService {

    private final PartnerRepository partners;
    private final EventFactory events;
    private final PartnerOutboxRelay relay;
    private final Clock clock;

    PartnerService(PartnerRepository partners, EventFactory events, PartnerOutboxRelay relay, Clock clock) {
        this.partners = partners;
        this.events = events;
        this.relay = relay;
        this.clock = clock;
    }

    public record NewPartner(String name, String description, String industry, Tier tier, List<Contact> contacts,
            List<String> tags) {
    }

    public Uni<Partner> create(NewPartner form) {
        return create(UUID.randomUUID().toString(), form, false);
    }

    public Uni<Partner> create(String id, NewPartner form, boolean demo) {
        Instant now = clock.instant();
        Partner p = new Partner();
        p.id = id;
        p.name = form.name().trim().replaceAll("\\s+", " ");
        p.nameKey = Partner.nameKey(form.name());
        p.description = form.description().trim();
        p.industry = form.industry().trim();
        p.applyTier(form.tier() == null ? Tier.BRONZE : form.tier());
        p.stage = Stage.DRAFT.key();
        p.replaceContacts(form.contacts());
        p.tags = form.tags() == null ? new ArrayList<>() : new ArrayList<>(form.tags());
        p.demo = demo;
        p.createdAt = now;
        p.updatedAt = now;
        Contact primary = p.primaryContact();
        p.outbox.add(events.partnerEvent(p.id, new PartnerEvents.PartnerCreated(p.id, p.name, p.industry, p.tier,
                p.stage, new PartnerEvents.ContactRef(primary.name, primary.email), now), now));
        return partners.persist(p)
                .onFailure(AccessRequestService::isDuplicateKey).transform(e -> ProblemException.conflict(
                        "duplicate-partner-name", "A partner named '" + p.name + "' already exists (names are unique regardless of case)"))
                .invoke(relay::wakeUp);
    }

    public Uni<Partner> get(String id) {
        return partners.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Partner", id));
    }

    public Uni<PageResponse<Partner>> list(boolean archived, int page, int size) {
        var query = partners.find("archived = :archived", Sort.ascending("tierRank", "nameKey"),
                Parameters.with("archived", archived));
        return Uni.combine().all().unis(query.page(Page.of(page, size)).list(), query.count())
                .asTuple().map(t -> new PageResponse<>(t.getItem1(), t.getItem2(), page, size));
    }
}

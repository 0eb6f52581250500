package org.partnerportal.partner.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.domain.CompanyInfo;
import org.partnerportal.partner.domain.Contact;
import org.partnerportal.partner.domain.Invite;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.domain.Social;
import org.partnerportal.partner.domain.Stage;
import org.partnerportal.partner.domain.Tags;
import org.partnerportal.partner.domain.Tier;
import org.partnerportal.partner.messaging.PartnerEvents;
import org.partnerportal.partner.messaging.PartnerOutboxRelay;
import org.partnerportal.partner.metrics.PartnerMetrics;
import org.partnerportal.partner.repository.PartnerRepository;

import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The partner directory's use cases. Every change is one conditional single-document update
 * (checked against the version read) that also appends its events to the partner's outbox, so
 * a change and its events are durable together or not at all.
 */
@ApplicationScoped
public class PartnerService {

    private static final int RETRIES = 5;
    private static final int MAX_INVITES_KEPT = 50;

    private final PartnerRepository partners;
    private final EventFactory events;
    private final PartnerOutboxRelay relay;
    private final PartnerMetrics metrics;
    private final Clock clock;
    private final String publicUrl;

    PartnerService(PartnerRepository partners, EventFactory events, PartnerOutboxRelay relay, PartnerMetrics metrics,
            Clock clock, @ConfigProperty(name = "pp.partner.public-url") String publicUrl) {
        this.partners = partners;
        this.events = events;
        this.relay = relay;
        this.metrics = metrics;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    /** What an admin writes about a partner (create, or the outcome of a patch). */
    public record PartnerForm(String name, String description, String logo, String website, String industry,
            Tier tier, String stage, CompanyInfo companyInfo, List<Contact> contacts, Social social,
            List<String> tags, Boolean alumni, String notes) {
    }

    public record ListQuery(String tier, String stage, String industry, String tag, String q, boolean archived,
            String sort, int page, int size) {
    }

    /** A change to one partner: the events it causes, or null when it changes nothing. */
    @FunctionalInterface
    public interface Change {
        List<Record> apply(Partner partner, Instant now);
    }

    public Uni<Partner> create(PartnerForm form, String actor) {
        return create(UUID.randomUUID().toString(), form, actor, false);
    }

    public Uni<Partner> create(String id, PartnerForm form, String actor, boolean demo) {
        Instant now = clock.instant();
        Partner p = new Partner();
        p.id = id;
        p.applyTier(form.tier() == null ? Tier.BRONZE : form.tier());
        Stage stage = form.stage() == null ? Stage.DRAFT : Stage.of(form.stage());
        p.stage = stage.key();
        p.stageChangedAt = now;
        if (stage == Stage.MOU_SIGNED || stage == Stage.ACTIVE) {
            p.mouSignedAt = now;
        }
        write(p, form);
        p.demo = demo;
        p.createdAt = now;
        p.updatedAt = now;
        Contact primary = p.primaryContact();
        p.outbox.add(events.partnerEvent(p.id, new PartnerEvents.PartnerCreated(p.id, p.name, p.industry, p.tier,
                p.stage, new PartnerEvents.ContactRef(primary.name, primary.email), List.copyOf(p.tags), p.alumni,
                p.demo, actor, now), now));
        return partners.persist(p)
                .onFailure(MongoErrors::isDuplicateKey).transform(e -> duplicateName(p.name))
                .invoke(metrics::partnerCreated)
                .invoke(created -> relay.wakeUp(PartnerRepository.COLLECTION, created.id));
    }

    /** Applies the writable fields; the domain checks its own rules (contacts, tags). */
    private static void write(Partner p, PartnerForm form) {
        p.rename(form.name());
        p.description = form.description().trim();
        p.logo = form.logo();
        p.website = form.website();
        p.setIndustry(form.industry());
        if (form.tier() != null) {
            p.applyTier(form.tier());
        }
        p.companyInfo = form.companyInfo();
        p.replaceContacts(form.contacts());
        p.social = form.social();
        p.setTags(form.tags());
        if (form.alumni() != null) {
            p.setAlumni(form.alumni());
        }
        p.notes = form.notes();
    }

    public Uni<Partner> get(String id) {
        return partners.findLive(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Partner", id));
    }

    public Uni<PageResponse<Partner>> list(ListQuery q) {
        Document filter = new Document("archived", q.archived()).append("deletedAt", null);
        if (q.tier() != null) {
            filter.append("tier", Tier.find(q.tier()).orElseThrow(() -> ProblemException.badRequest("tier",
                    "must be one of platinum, gold, silver, bronze, community")).key());
        }
        if (q.stage() != null) {
            filter.append("stage", Stage.find(q.stage()).orElseThrow(() -> ProblemException.badRequest("stage",
                    "must be a pipeline stage")).key());
        }
        if (q.industry() != null && !q.industry().isBlank()) {
            filter.append("industryKey", q.industry().trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (q.tag() != null && !q.tag().isBlank()) {
            filter.append("tags", Tags.slug(q.tag()));
        }
        if (q.q() != null && !q.q().isBlank()) {
            filter.append("nameKey", new Document("$regex", Pattern.quote(Partner.nameKey(q.q()))));
        }
        Document sort = switch (q.sort() == null ? "tier" : q.sort()) {
            case "tier" -> new Document("tierRank", 1).append("nameKey", 1);
            case "name" -> new Document("nameKey", 1);
            case "updatedAt" -> new Document("updatedAt", -1).append("nameKey", 1);
            case "lastEngagement" -> new Document("engagement.lastEngagementDate", -1).append("tierRank", 1)
                    .append("nameKey", 1);
            default -> throw ProblemException.badRequest("sort", "must be one of tier, name, updatedAt, lastEngagement");
        };
        var query = partners.find(filter, sort);
        return Uni.combine().all().unis(query.page(Page.of(q.page(), q.size())).list(), query.count())
                .asTuple().map(t -> new PageResponse<>(t.getItem1(), t.getItem2(), q.page(), q.size()));
    }

    public Uni<Partner> update(String id, Long expectedVersion, PartnerForm form, List<String> changedFields,
            String actor) {
        return mutate(id, expectedVersion, (p, now) -> {
            write(p, form);
            p.hasHistory = true;
            Contact primary = p.primaryContact();
            return List.of(new PartnerEvents.PartnerUpdated(p.id, p.name, p.industry, p.tier, p.stage,
                    new PartnerEvents.ContactRef(primary.name, primary.email), List.copyOf(p.tags), p.alumni,
                    p.archived, changedFields, actor, now, p.version + 1));
        });
    }

    public Uni<Partner> moveStage(String id, String stageKey, String reason, String actor, Long expectedVersion) {
        Stage target = Stage.find(stageKey).orElseThrow(() -> ProblemException.badRequest("stage", "must be a pipeline stage"));
        return mutate(id, expectedVersion, (p, now) -> {
            Stage from = p.stageEnum();
            if (from == target) {
                return null;
            }
            requireLive(p);
            if (!from.canMoveTo(target)) {
                throw illegalMove(p, from, target);
            }
            p.moveTo(target, now);
            if (target == Stage.ACTIVE) {
                p.closeOutcome = "won";
                p.closedAt = now;
            }
            return List.of(new PartnerEvents.PartnerStageChanged(p.id, p.name, from.key(), target.key(), "manual",
                    reason, actor, now));
        });
    }

    /** Closes the deal: won → active, lost or stalled → on hold with the reason. */
    public Uni<Partner> close(String id, String outcome, String reason, String actor) {
        Stage target = "won".equals(outcome) ? Stage.ACTIVE : Stage.ON_HOLD;
        return mutate(id, null, (p, now) -> {
            Stage from = p.stageEnum();
            requireLive(p);
            if (!from.isOpen()) {
                throw ProblemException.conflict("deal-closed", "The deal of " + p.name + " is already closed ("
                        + from.key() + "); move it back to an open stage first",
                        Map.of("stage", from.key(), "allowedMoves", from.allowedMoveKeys()));
            }
            p.moveTo(target, now);
            p.closeOutcome = outcome;
            p.closeReason = reason;
            p.closedAt = now;
            return List.of(new PartnerEvents.PartnerStageChanged(p.id, p.name, from.key(), target.key(),
                    "close:" + outcome, reason, actor, now));
        });
    }

    /**
     * Moves the stage forward because something happened elsewhere (a proposal issued, a meeting
     * scheduled, an NDA signed). Never backwards, never out of {@code on_hold} or {@code active},
     * and each event once.
     */
    public Uni<Partner> advance(String id, String eventId, Stage target, String trigger, Instant when) {
        return mutate(id, null, (p, now) -> {
            if (p.archived || p.alreadyApplied(eventId)) {
                return null;
            }
            p.touched(when);
            Stage from = p.stageEnum();
            if (!from.isBefore(target)) {
                return List.of();
            }
            p.moveTo(target, now);
            return List.of(new PartnerEvents.PartnerStageChanged(p.id, p.name, from.key(), target.key(), trigger,
                    null, "system", now));
        }).onFailure(ProblemException.class).recoverWithNull();
    }

    /**
     * A demo partner's reset (nda-service's {@code DemoResetRequested}): back to {@code draft}, the
     * deal's close and the proposal views forgotten, announced with {@code PartnerStageChanged}
     * (trigger {@code demo_reset}) so that every projection of the stage follows. Only a partner
     * created as demo (the flag is set at creation and never by a PATCH); any other is refused.
     */
    public Uni<Partner> demoReset(String id, String eventId) {
        return mutate(id, null, (p, now) -> {
            if (!p.demo) {
                throw ProblemException.unprocessable("not-a-demo-partner", "Partner " + id + " is not a demo partner");
            }
            if (p.alreadyApplied(eventId)) {
                return null;
            }
            Stage from = p.stageEnum();
            p.stage = Stage.DRAFT.key();
            p.stageChangedAt = now;
            p.mouSignedAt = null;
            p.closeOutcome = null;
            p.closeReason = null;
            p.closedAt = null;
            p.proposalViews = 0;
            return from == Stage.DRAFT ? List.of()
                    : List.of(new PartnerEvents.PartnerStageChanged(p.id, p.name, from.key(), Stage.DRAFT.key(), "demo_reset",
                            "demo reset", "system", now));
        });
    }

    public Uni<Partner> archive(String id, String actor) {
        return mutate(id, null, (p, now) -> {
            if (p.archived) {
                return null;
            }
            p.archived = true;
            p.archivedAt = now;
            return List.of(new PartnerEvents.PartnerArchived(p.id, p.name, actor, now));
        });
    }

    public Uni<Partner> restore(String id, String actor) {
        return mutate(id, null, (p, now) -> {
            if (!p.archived) {
                return null;
            }
            p.archived = false;
            p.archivedAt = null;
            return List.of(new PartnerEvents.PartnerRestored(p.id, p.name, actor, now));
        });
    }

    /**
     * Deletes a partner that has no history (nothing happened with it beyond being created);
     * anything else can only be archived. The record is kept as a tombstone (hidden everywhere,
     * its name free again) so that its last event still leaves through the outbox.
     */
    public Uni<Void> delete(String id, String actor) {
        return mutate(id, null, (p, now) -> {
            if (p.hasHistory || p.stageEnum() != Stage.DRAFT || p.engagement.eventsCount > 0 || !p.invites.isEmpty()) {
                throw ProblemException.conflict("partner-has-history", p.name
                        + " has history (pipeline moves, engagement, invites or approved users): archive it instead");
            }
            p.deletedAt = now;
            p.archived = true;
            p.nameKey = "deleted:" + p.id;
            return List.of(new PartnerEvents.PartnerDeleted(p.id, p.name, actor, now));
        }).replaceWithVoid();
    }

    public Uni<Invite> invite(String id, String email, String name, String actor) {
        String address = email.trim().toLowerCase(java.util.Locale.ROOT);
        Invite[] made = new Invite[1];
        return mutate(id, null, (p, now) -> {
            requireLive(p);
            String who = name != null ? name.trim() : p.contacts.stream().filter(c -> c.email.equals(address))
                    .map(c -> c.name).findFirst().orElse(null);
            made[0] = new Invite(address, who, actor, now);
            List<Invite> invites = new ArrayList<>(p.invites);
            invites.add(made[0]);
            p.invites = invites.subList(Math.max(0, invites.size() - MAX_INVITES_KEPT), invites.size());
            p.touched(now);
            return List.of(new PartnerEvents.PartnerInvited(p.id, p.name, address, who, registerUrl(p.id), actor, now));
        }).map(p -> made[0]);
    }

    String registerUrl(String partnerId) {
        return publicUrl + "/partner/register?partnerId=" + partnerId;
    }

    /** Reads, applies the change, and writes if nobody else wrote meanwhile; retries otherwise. */
    public Uni<Partner> mutate(String id, Long expectedVersion, Change change) {
        return mutate(id, expectedVersion, change, 0);
    }

    private Uni<Partner> mutate(String id, Long expectedVersion, Change change, int attempt) {
        return get(id).chain(p -> {
            if (expectedVersion != null && p.version != expectedVersion) {
                return Uni.createFrom().failure(stale(p));
            }
            long read = p.version;
            Instant now = clock.instant();
            List<Record> caused = change.apply(p, now);
            if (caused == null) {
                return Uni.createFrom().item(p);
            }
            p.version = read + 1;
            p.updatedAt = now;
            List<OutboxEvent> outgoing = caused.stream().map(e -> events.partnerEvent(p.id, e, now)).toList();
            return partners.update(p, read, outgoing)
                    .onFailure(MongoErrors::isDuplicateKey).transform(e -> duplicateName(p.name))
                    .chain(written -> {
                        if (written) {
                            if (!outgoing.isEmpty()) {
                                relay.wakeUp(PartnerRepository.COLLECTION, p.id);
                            }
                            return Uni.createFrom().item(p);
                        }
                        if (expectedVersion != null) {
                            return Uni.createFrom().failure(ProblemException.preconditionFailed(
                                    "The partner was changed by someone else; reload it and try again"));
                        }
                        if (attempt + 1 >= RETRIES) {
                            return Uni.createFrom().failure(ProblemException.conflict("concurrent-update",
                                    "The partner is being changed by others right now; try again"));
                        }
                        return mutate(id, null, change, attempt + 1);
                    });
        });
    }

    private static void requireLive(Partner p) {
        if (p.archived) {
            throw ProblemException.conflict("partner-archived", p.name + " is archived: restore it first");
        }
    }

    private static ProblemException illegalMove(Partner p, Stage from, Stage to) {
        return ProblemException.conflict("illegal-stage-move",
                "A partner cannot move from " + from.key() + " to " + to.key(),
                Map.of("stage", from.key(), "requested", to.key(), "allowedMoves", from.allowedMoveKeys()));
    }

    private static ProblemException stale(Partner p) {
        return ProblemException.preconditionFailed("The partner is at version " + p.version
                + ", not the one in If-Match; reload it and try again");
    }

    static ProblemException duplicateName(String name) {
        return ProblemException.conflict("duplicate-partner-name",
                "A partner named '" + name + "' already exists (names are unique regardless of case)");
    }
}

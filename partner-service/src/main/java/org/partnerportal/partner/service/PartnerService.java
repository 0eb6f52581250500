package org.partnerportal.partner.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.events.Event;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.partner.domain.CompanyInfo;
import org.partnerportal.partner.domain.Contact;
import org.partnerportal.partner.domain.EngagementLevel;
import org.partnerportal.partner.domain.Invite;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.domain.Social;
import org.partnerportal.partner.domain.Stage;
import org.partnerportal.partner.domain.Tags;
import org.partnerportal.partner.domain.Tier;
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

    private static final Logger LOG = Logger.getLogger(PartnerService.class);

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

    /**
     * A directory query; {@code after} is the cursor of a previous answer, or null for page {@code page};
     * {@code engagementLevel}: low, medium or high; {@code contactEmail}: a contact's address, any case.
     */
    public record ListQuery(String tier, String stage, String industry, String tag, String q, boolean archived,
            String sort, int page, int size, String after, String engagementLevel, String contactEmail) {
    }

    /** A page of the directory and the cursor of the page after it (null when it is the last). */
    public record DirectoryPage(List<Partner> items, long total, int page, int size, String next) {
    }

    /** A change to one partner: the events it causes, or null when it changes nothing. */
    @FunctionalInterface
    public interface Change {
        List<Event<?>> apply(Partner partner, Instant now);
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
        p.outbox.add(events.partnerEvent(p.id, PartnerEvents.PARTNER_CREATED.with(new PartnerEvents.PartnerCreated(p.id, p.name, p.industry, p.tier,
                p.stage, new PartnerEvents.ContactRef(primary.name, primary.email), List.copyOf(p.tags), p.alumni,
                p.demo, actor, now)), now));
        p.outboxPending = true;
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

    /**
     * The directory: by page number (skipping the pages before), or after a cursor (keyset: the
     * store starts at the cursor's key in the directory index). Either way the answer carries the
     * cursor of the next page; the total counts the filtered list, which the index answers too.
     */
    public Uni<DirectoryPage> list(ListQuery q) {
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
        if (q.engagementLevel() != null && !q.engagementLevel().isBlank()) {
            String level = q.engagementLevel().trim().toLowerCase(java.util.Locale.ROOT);
            if (java.util.Arrays.stream(EngagementLevel.values()).noneMatch(l -> l.key().equals(level))) {
                throw ProblemException.badRequest("engagementLevel", "must be one of low, medium, high");
            }
            filter.append("engagement.engagementLevel", level);
        }
        if (q.contactEmail() != null && !q.contactEmail().isBlank()) {
            // the whole address, any case (contacts keep the case they were typed in)
            filter.append("contacts.email", new Document("$regex", "^" + Pattern.quote(q.contactEmail().trim()) + "$")
                    .append("$options", "i"));
        }
        DirectoryCursor.Sort sort = DirectoryCursor.Sort.of(q.sort() == null ? "tier" : q.sort());
        // the filters as the cursor remembers them: a cursor is only good for the list it came from
        String filters = Integer.toHexString(filter.toJson().hashCode());
        Uni<Long> total = partners.count(filter);
        Uni<List<Partner>> items;
        int page;
        if (q.after() == null || q.after().isBlank()) {
            page = q.page();
            items = partners.find(filter, sort.order()).page(Page.of(q.page(), q.size())).list();
        } else {
            DirectoryCursor cursor = DirectoryCursor.read(q.after(), sort, filters);
            page = cursor.page();
            Document after = cursor.condition();
            items = after == null ? Uni.createFrom().item(List.of())
                    : partners.find(new Document("$and", List.of(filter, after)), sort.order())
                            .page(Page.ofSize(q.size())).list();
        }
        return Uni.combine().all().unis(items, total).asTuple().map(t -> {
            List<Partner> found = t.getItem1();
            boolean more = found.size() == q.size() && (long) (page + 1) * q.size() < t.getItem2();
            String next = more ? DirectoryCursor.after(sort, filters, page, found.get(found.size() - 1)) : null;
            return new DirectoryPage(found, t.getItem2(), page, q.size(), next);
        });
    }

    public Uni<Partner> update(String id, Long expectedVersion, PartnerForm form, List<String> changedFields,
            String actor) {
        return mutate(id, expectedVersion, (p, now) -> {
            write(p, form);
            p.hasHistory = true;
            Contact primary = p.primaryContact();
            return List.of(PartnerEvents.PARTNER_UPDATED.with(new PartnerEvents.PartnerUpdated(p.id, p.name, p.industry, p.tier, p.stage,
                    new PartnerEvents.ContactRef(primary.name, primary.email), List.copyOf(p.tags), p.alumni,
                    p.archived, changedFields, actor, now, p.version + 1)));
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
            return List.of(PartnerEvents.PARTNER_STAGE_CHANGED.with(new PartnerEvents.PartnerStageChanged(p.id, p.name, from.key(), target.key(), "manual",
                    reason, actor, now)));
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
            return List.of(PartnerEvents.PARTNER_STAGE_CHANGED.with(new PartnerEvents.PartnerStageChanged(p.id, p.name, from.key(), target.key(),
                    "close:" + outcome, reason, actor, now)));
        });
    }

    /**
     * Moves the stage forward because something happened elsewhere (a proposal issued, a meeting
     * scheduled, an NDA signed). Never backwards, never out of {@code on_hold} or {@code active},
     * and each event once.
     */
    public static Change advance(String eventId, Stage target, String trigger, Instant when) {
        return (p, now) -> {
            if (p.archived || p.alreadyApplied(eventId)) {
                return null;
            }
            p.touched(when);
            Stage from = p.stageEnum();
            if (!from.isBefore(target)) {
                return List.of();
            }
            p.moveTo(target, now);
            return List.of(PartnerEvents.PARTNER_STAGE_CHANGED.with(new PartnerEvents.PartnerStageChanged(p.id, p.name, from.key(), target.key(), trigger,
                    null, "system", now)));
        };
    }

    /**
     * A demo partner's reset (nda-service's {@code DemoResetRequested}): back to {@code draft}, the
     * deal's close and the proposal views forgotten, announced with {@code PartnerStageChanged}
     * (trigger {@code demo_reset}) so that every projection of the stage follows. Only a partner
     * created as demo (the flag is set at creation and never by a PATCH); any other is refused.
     */
    public static Change demoReset(String eventId) {
        return (p, now) -> {
            if (!p.demo) {
                throw ProblemException.unprocessable("not-a-demo-partner", "Partner " + p.id + " is not a demo partner");
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
                    : List.of(PartnerEvents.PARTNER_STAGE_CHANGED.with(new PartnerEvents.PartnerStageChanged(p.id, p.name, from.key(), Stage.DRAFT.key(), "demo_reset",
                            "demo reset", "system", now)));
        };
    }

    public Uni<Partner> archive(String id, String actor) {
        return mutate(id, null, (p, now) -> {
            if (p.archived) {
                return null;
            }
            p.archived = true;
            p.archivedAt = now;
            return List.of(PartnerEvents.PARTNER_ARCHIVED.with(new PartnerEvents.PartnerArchived(p.id, p.name, actor, now)));
        });
    }

    public Uni<Partner> restore(String id, String actor) {
        return mutate(id, null, (p, now) -> {
            if (!p.archived) {
                return null;
            }
            p.archived = false;
            p.archivedAt = null;
            return List.of(PartnerEvents.PARTNER_RESTORED.with(new PartnerEvents.PartnerRestored(p.id, p.name, actor, now)));
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
            return List.of(PartnerEvents.PARTNER_DELETED.with(new PartnerEvents.PartnerDeleted(p.id, p.name, actor, now)));
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
            return List.of(PartnerEvents.PARTNER_INVITED.with(new PartnerEvents.PartnerInvited(p.id, p.name, address, who, registerUrl(p.id), actor, now)));
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
            List<Event<?>> caused = change.apply(p, now);
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

    /**
     * Many partners' changes at once (a consumer's batch): one read of all of them, each partner's
     * changes applied in order onto its one document, one bulk write of the version-guarded
     * updates. A partner that was written by someone else meanwhile is read and changed again,
     * so every change must recognise what it already did (the projections remember the event ids
     * they applied). Partners that do not exist (or are deleted) are left out, as {@link #get}
     * would refuse them. Fails with {@code concurrent-update} when some partner keeps losing.
     */
    public Uni<Void> mutateAll(Map<String, List<Change>> changes) {
        return mutateAll(changes, 0);
    }

    private Uni<Void> mutateAll(Map<String, List<Change>> changes, int attempt) {
        return partners.findLive(changes.keySet()).chain(found -> {
            if (found.size() < changes.size()) {
                Set<String> missing = new LinkedHashSet<>(changes.keySet());
                found.forEach(p -> missing.remove(p.id));
                LOG.warnf("Changes to unknown or deleted partner(s) %s skipped", missing);
            }
            Instant now = clock.instant();
            List<PartnerRepository.Write> writes = new ArrayList<>();
            for (Partner p : found) {
                long read = p.version;
                List<Event<?>> caused = new ArrayList<>();
                boolean changed = false;
                for (Change change : changes.get(p.id)) {
                    List<Event<?>> c = change.apply(p, now);
                    if (c != null) {
                        changed = true;
                        caused.addAll(c);
                    }
                }
                if (changed) {
                    p.version = read + 1;
                    p.updatedAt = now;
                    writes.add(new PartnerRepository.Write(p, read,
                            caused.stream().map(e -> events.partnerEvent(p.id, e, now)).toList()));
                }
            }
            return partners.updateAll(writes).chain(matched -> {
                writes.stream().filter(w -> !w.newEvents().isEmpty())
                        .forEach(w -> relay.wakeUp(PartnerRepository.COLLECTION, w.partner().id));
                if (matched == writes.size()) {
                    return Uni.createFrom().voidItem();
                }
                if (attempt + 1 >= RETRIES) {
                    return Uni.createFrom().failure(ProblemException.conflict("concurrent-update",
                            "Partners are being changed by others right now; try again"));
                }
                // which write lost is not reported by a bulk write: change all of them again; the
                // ones that were written recognise their changes and write nothing this time
                Map<String, List<Change>> again = new LinkedHashMap<>();
                writes.forEach(w -> again.put(w.partner().id, changes.get(w.partner().id)));
                return mutateAll(again, attempt + 1);
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

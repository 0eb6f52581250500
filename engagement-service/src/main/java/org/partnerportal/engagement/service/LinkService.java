package org.partnerportal.engagement.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.bson.conversions.Bson;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.domain.LinkStatuses;
import org.partnerportal.engagement.domain.Money;
import org.partnerportal.engagement.domain.PartnerEventLink;
import org.partnerportal.engagement.domain.PartnershipEvent;
import org.partnerportal.engagement.domain.Slugs;
import org.partnerportal.engagement.messaging.EngagementOutboxRelay;
import org.partnerportal.engagement.messaging.OutboxEvents;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.Mongo;
import org.partnerportal.engagement.rest.EventDtos.LinkInput;
import org.partnerportal.events.EngagementEvents;

import com.mongodb.client.model.Updates;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Partner-event links. A PUT is an upsert keyed by the pair: the first one creates the link and
 * announces it (EventPartnerAdded), later ones change it (EventPartnerUpdated, only when something
 * changed). Each write is one single-document operation holding the change, its event and the
 * dashboard rollup's pending marker ({@link RollupApplier}); a concurrent writer loses the version
 * check and the operation is retried on fresh state.
 */
@ApplicationScoped
public class LinkService {

    private static final int ATTEMPTS = 5;

    private final LinkRepository links;
    private final EventService events;
    private final OutboxEvents outbox;
    private final EngagementOutboxRelay relay;
    private final RollupApplier rollup;
    private final Clock clock;

    LinkService(LinkRepository links, EventService events, OutboxEvents outbox, EngagementOutboxRelay relay,
            RollupApplier rollup, Clock clock) {
        this.links = links;
        this.events = events;
        this.outbox = outbox;
        this.relay = relay;
        this.rollup = rollup;
        this.clock = clock;
    }

    public record Saved(PartnerEventLink link, boolean created) {
    }

    /** The normalized values a PUT asks for. */
    private record Wanted(String status, String statusLabel, String packageTier, String packageTierLabel, String role,
            Long amountCents, String followUpDate, String notes) {
    }

    public Uni<Saved> put(String eventId, String partnerId, LinkInput input, String by) {
        return events.get(eventId).chain(event -> {
            if (event.archived) {
                return Uni.createFrom().failure(ProblemException.conflict("event-archived",
                        "Event " + eventId + " is archived; restore it before linking partners"));
            }
            Wanted wanted = normalize(event, input);
            return attempt(event, partnerId, wanted, by, ATTEMPTS);
        });
    }

    private Uni<Saved> attempt(PartnershipEvent event, String partnerId, Wanted w, String by, int left) {
        if (left == 0) {
            return Uni.createFrom().failure(ProblemException.conflict("concurrent-update",
                    "The link of partner " + partnerId + " to event " + event.id + " keeps changing; retry"));
        }
        String id = PartnerEventLink.idOf(partnerId, event.id);
        Instant now = clock.instant();
        return links.findById(id).chain(current -> {
            if (current == null) {
                PartnerEventLink l = new PartnerEventLink();
                l.id = id;
                l.partnerId = partnerId;
                l.eventId = event.id;
                l.createdBy = by;
                l.createdAt = now;
                fill(l, event, w, by, now);
                l.outbox.add(added(l, now).toBson());
                l.outboxPending = true;
                l.rollupPending = true;
                return links.insertOnce(l).chain(inserted -> inserted ? done(l, true)
                        : attempt(event, partnerId, w, by, left - 1));
            }
            boolean revived = current.removed;
            List<String> changed = revived ? List.of() : changedFields(current, event, w);
            if (!revived && changed.isEmpty()) {
                return Uni.createFrom().item(new Saved(current, false));
            }
            long version = current.version;
            fill(current, event, w, by, now);
            if (revived) {
                current.removed = false;
                current.removedAt = null;
                current.createdBy = by;
                current.createdAt = now;
            }
            OutboxEvent ev = revived ? added(current, now) : updated(current, changed, now);
            List<Bson> sets = new ArrayList<>(List.of(
                    Updates.set("eventName", current.eventName), Updates.set("eventYear", current.eventYear),
                    Updates.set("eventIdYear", current.eventIdYear),
                    Updates.set("status", current.status), Updates.set("statusLabel", current.statusLabel),
                    Updates.set("packageTier", current.packageTier),
                    Updates.set("packageTierLabel", current.packageTierLabel), Updates.set("role", current.role),
                    Updates.set("amountCents", current.amountCents), Updates.set("followUpDate", current.followUpDate),
                    Updates.set("notes", current.notes), Updates.set("removed", false),
                    Updates.set("removedAt", null), Updates.set("createdBy", current.createdBy),
                    Updates.set("createdAt", Mongo.date(current.createdAt)),
                    Updates.set("updatedBy", by), Updates.set("updatedAt", Mongo.date(now))));
            return links.updateIfVersion(id, version, sets, ev).chain(ok -> {
                if (!ok) {
                    return attempt(event, partnerId, w, by, left - 1);
                }
                current.version = version + 1;
                return done(current, revived);
            });
        });
    }

    public Uni<PartnerEventLink> get(String eventId, String partnerId) {
        String id = PartnerEventLink.idOf(partnerId, eventId);
        return links.findById(id).onItem().ifNotNull().transform(l -> l.removed ? null : l)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Link", id));
    }

    /** Leaves a tombstone carrying EventPartnerRemoved; removing an absent link is a 404. */
    public Uni<Void> remove(String eventId, String partnerId, String by) {
        return remove(eventId, partnerId, by, ATTEMPTS);
    }

    private Uni<Void> remove(String eventId, String partnerId, String by, int left) {
        if (left == 0) {
            return Uni.createFrom().failure(ProblemException.conflict("concurrent-update", "The link keeps changing; retry"));
        }
        return get(eventId, partnerId).chain(l -> {
            Instant now = clock.instant();
            OutboxEvent ev = outbox.engagement(EngagementEvents.EVENT_PARTNER_REMOVED, partnerId,
                    new EngagementEvents.EventPartnerRemoved(l.id, partnerId, eventId, l.eventName, now), now);
            long version = l.version;
            return links.updateIfVersion(l.id, version, List.of(Updates.set("removed", true),
                    Updates.set("removedAt", Mongo.date(now)), Updates.set("updatedBy", by),
                    Updates.set("updatedAt", Mongo.date(now))), ev)
                    .chain(ok -> {
                        if (!ok) {
                            return remove(eventId, partnerId, by, left - 1);
                        }
                        l.removed = true;
                        l.removedAt = now;
                        l.updatedBy = by;
                        l.updatedAt = now;
                        l.version = version + 1;
                        return done(l, false).replaceWithVoid();
                    });
        });
    }

    public Uni<PageResponse<PartnerEventLink>> byEvent(String eventId, String status, int page, int size) {
        String key = status == null ? null : LinkStatuses.normalize(status) == null ? status
                : LinkStatuses.normalize(status).key();
        return events.get(eventId).chain(() -> links.pageByEvent(eventId, key, page, size))
                .map(s -> new PageResponse<>(s.items(), s.total(), page, size));
    }

    public Uni<PageResponse<PartnerEventLink>> byPartner(String partnerId, int page, int size) {
        return links.pageByPartner(partnerId, page, size).map(s -> new PageResponse<>(s.items(), s.total(), page, size));
    }

    /**
     * The caller's next dashboard counts the change, and then its event leaves: the relay, finding
     * the rollup counting this version, clears the link's rollup marker in the update that removes
     * the published event.
     */
    private Uni<Saved> done(PartnerEventLink l, boolean created) {
        return rollup.applyAfterWrite(l).invoke(() -> relay.wakeUp(LinkRepository.COLLECTION, l.id))
                .replaceWith(new Saved(l, created));
    }

    /**
     * Status: a known name or alias → its canonical key; anything else → a custom key (its slug)
     * with the typed text as label; none → {@code prospect}. Package tier: the event's preset of that
     * slug (whose default amount fills a missing amount), or a custom tier.
     */
    static Wanted normalize(PartnershipEvent event, LinkInput in) {
        LinkStatuses.Status status = in.status() == null || in.status().isBlank()
                ? LinkStatuses.normalize(LinkStatuses.PROSPECT) : LinkStatuses.normalize(in.status());
        if (status == null) {
            throw ProblemException.badRequest("status", "needs a letter or digit");
        }
        String tierKey = null;
        String tierLabel = null;
        Long amount = Money.toCents(in.amount());
        if (in.packageTier() != null && !in.packageTier().isBlank()) {
            tierKey = Slugs.of(in.packageTier());
            if (tierKey == null) {
                throw ProblemException.badRequest("packageTier", "needs a letter or digit");
            }
            PartnershipEvent.TierConfig preset = event.preset(tierKey);
            tierLabel = preset != null ? preset.tierLabel : in.packageTier().trim();
            if (amount == null && preset != null) {
                amount = preset.defaultAmountCents;
            }
        }
        return new Wanted(status.key(), status.label(), tierKey, tierLabel, blankToNull(in.role()), amount,
                in.followUpDate() == null ? null : in.followUpDate().toString(), blankToNull(in.notes()));
    }

    private static void fill(PartnerEventLink l, PartnershipEvent event, Wanted w, String by, Instant now) {
        l.eventName = event.name;
        l.eventYear = event.year;
        l.eventIdYear = event.id + "#" + event.year;
        l.status = w.status();
        l.statusLabel = w.statusLabel();
        l.packageTier = w.packageTier();
        l.packageTierLabel = w.packageTierLabel();
        l.role = w.role();
        l.amountCents = w.amountCents();
        l.followUpDate = w.followUpDate();
        l.notes = w.notes();
        l.updatedBy = by;
        l.updatedAt = now;
    }

    private static List<String> changedFields(PartnerEventLink l, PartnershipEvent event, Wanted w) {
        List<String> changed = new ArrayList<>();
        check(changed, "status", l.status, w.status());
        check(changed, "statusLabel", l.statusLabel, w.statusLabel());
        check(changed, "packageTier", l.packageTier, w.packageTier());
        check(changed, "role", l.role, w.role());
        check(changed, "amount", l.amountCents, w.amountCents());
        check(changed, "followUpDate", l.followUpDate, w.followUpDate());
        check(changed, "notes", l.notes, w.notes());
        check(changed, "eventName", l.eventName, event.name);
        return changed;
    }

    private static void check(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private OutboxEvent added(PartnerEventLink l, Instant now) {
        return outbox.engagement(EngagementEvents.EVENT_PARTNER_ADDED, l.partnerId, new EngagementEvents.EventPartnerAdded(l.id, l.partnerId, l.eventId,
                l.eventName, l.eventYear, l.status, l.statusLabel, l.packageTier, l.role, Money.of(l.amountCents),
                l.followUpDate, now), now);
    }

    private OutboxEvent updated(PartnerEventLink l, List<String> changed, Instant now) {
        return outbox.engagement(EngagementEvents.EVENT_PARTNER_UPDATED, l.partnerId, new EngagementEvents.EventPartnerUpdated(l.id, l.partnerId, l.eventId,
                l.eventName, l.eventYear, l.status, l.statusLabel, l.packageTier, l.role, Money.of(l.amountCents),
                l.followUpDate, changed, now), now);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

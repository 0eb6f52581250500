package org.partnerportal.partner.service;

import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_ADDED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_REMOVED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_UPDATED;
import static org.partnerportal.events.EngagementEvents.MEETING_SCHEDULED;
import static org.partnerportal.events.NdaEvents.DEMO_RESET_REQUESTED;
import static org.partnerportal.events.NdaEvents.NDA_SIGNED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_ISSUED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_VIEWED;
import static org.partnerportal.events.NotificationEvents.NOTIFICATION_SENT;
import static org.partnerportal.events.PartnerEvents.ACCESS_APPROVED;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.partnerportal.common.events.EventHandlers;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.events.PartnerEvents.AccessApproved;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.domain.Engagement;
import org.partnerportal.partner.domain.Membership;
import org.partnerportal.partner.domain.Stage;
import org.partnerportal.partner.domain.Touches;
import org.partnerportal.partner.identity.IdentityProvisioner;
import org.partnerportal.partner.repository.MembershipRepository;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the other services' events change on a partner: the engagement block (events
 * participated, prizes, contributions, last engagement) from engagement-service, the pipeline
 * stage from proposals, meetings and NDAs, and the proposal view count. Every handler is
 * idempotent: set operations for the engagement, and the partner's memory of applied event ids
 * for everything else.
 */
@ApplicationScoped
public class ActivityProjection {

    private static final Logger LOG = Logger.getLogger(ActivityProjection.class);

    /** On top of PartnerService's own re-reads: a partner this busy is rare and short-lived. */
    private static final long CONTENTION_RETRIES = 8;

    private final PartnerService partners;
    private final MembershipRepository memberships;
    private final IdentityProvisioner identity;

    ActivityProjection(PartnerService partners, MembershipRepository memberships, IdentityProvisioner identity) {
        this.partners = partners;
        this.memberships = memberships;
        this.identity = identity;
    }

    /**
     * A consumer's batch: the changes to partner documents (engagement, stage advances, view
     * counts) are folded per partner, in the order of the events, and written together
     * ({@link PartnerService#mutateAll}: one read, one bulk write); approvals, which also call
     * Keycloak, follow one at a time. They commute with the fold (an approval only marks the
     * partner touched and remembers its event id), so doing them after it keeps each partner's result.
     * A known event that lacks what it needs fails the batch (the caller then applies the events
     * one by one and dead-letters that one).
     */
    public Uni<Void> apply(List<IncomingEvent> events) {
        Map<String, List<PartnerService.Change>> changes = new LinkedHashMap<>();
        List<IncomingEvent> approvals = new ArrayList<>();
        for (IncomingEvent event : events) {
            String partnerId = event.partnerId();
            if (partnerId == null) {
                continue;
            }
            if (event.is(ACCESS_APPROVED)) {
                approvals.add(event);
                continue;
            }
            PartnerService.Change change = HANDLERS.apply(event, null);
            if (change != null) {
                changes.computeIfAbsent(partnerId, k -> new ArrayList<>()).add(change);
            }
        }
        Uni<Void> folded = changes.isEmpty() ? Uni.createFrom().voidItem()
                : settle(partners.mutateAll(changes), events.size() + " event(s) of " + changes.size() + " partner(s)");
        return folded.chain(() -> Multi.createFrom().iterable(approvals)
                .onItem().transformToUniAndConcatenate(e -> settle(accessApproved(e.partnerId(), e, e.as(ACCESS_APPROVED)),
                        "event " + e.id() + " (" + e.type() + ") for partner " + e.partnerId()))
                .collect().last().replaceWithVoid());
    }

    /** What each event type changes on its partner (null: nothing). */
    private static final EventHandlers<PartnerService.Change> HANDLERS = new EventHandlers<PartnerService.Change>()
            .on(EVENT_PARTNER_ADDED, (e, p) -> linkChanged(e, p.eventId(), p.status(), p.amount(), p.role()))
            .on(EVENT_PARTNER_UPDATED, (e, p) -> linkChanged(e, p.eventId(), p.status(), p.amount(), p.role()))
            .on(EVENT_PARTNER_REMOVED, (e, p) -> linkRemoved(e, p.eventId()))
            .on(PROPOSAL_ISSUED, (e, p) -> advance(e, Stage.PROPOSAL_SENT, "proposal_issued"))
            .on(MEETING_SCHEDULED, (e, p) -> advance(e, Stage.MEETING_SCHEDULED, "meeting_scheduled"))
            .on(NDA_SIGNED, (e, p) -> advance(e, Stage.NDA_SIGNED, "nda_signed"))
            .on(PROPOSAL_VIEWED, (e, p) -> proposalViewed(e, p.visitStart()))
            .on(DEMO_RESET_REQUESTED, (e, p) -> PartnerService.demoReset(e.id()))
            .on(Touches.EXTERNAL, (e, p) -> touched(e))
            .on(NOTIFICATION_SENT, (e, sent) -> Touches.mailTouches(sent.audience()) ? touched(e) : null);

    /**
     * Losing a write race is transient: try again, and if it persists fail so that the events
     * reach the dead-letter topic instead of being dropped. Any other refusal (the partner is gone,
     * the move is no longer legal) is final for these events: logged and skipped.
     */
    private static Uni<Void> settle(Uni<?> work, String what) {
        return work.onFailure(ActivityProjection::contended).retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1)).atMost(CONTENTION_RETRIES)
                .onFailure(ActivityProjection::finalRefusal).recoverWithItem(e -> {
                    LOG.warnf("%s skipped: %s", what, e.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }

    private static boolean finalRefusal(Throwable failure) {
        return failure instanceof ProblemException && !contended(failure);
    }

    private static boolean contended(Throwable failure) {
        return failure instanceof ProblemException p && p.problem().type().getPath().endsWith("/concurrent-update");
    }

    /** Set semantics: replaying a link event, or receiving it twice, leaves the same state. */
    private static PartnerService.Change linkChanged(IncomingEvent event, String eventId, String status,
            BigDecimal amount, String role) {
        requireEventId(event, eventId);
        BigDecimal counted = Engagement.counted(status, amount == null || amount.signum() < 0 ? null : amount);
        boolean prize = role != null && role.toLowerCase(Locale.ROOT).contains("prize");
        Instant when = event.time();
        return engagement(event, e -> {
            if (!e.eventsParticipated.contains(eventId)) {
                e.eventsParticipated.add(eventId);
            }
            if (prize && !e.prizesOffered.contains(eventId)) {
                e.prizesOffered.add(eventId);
            } else if (!prize) {
                e.prizesOffered.remove(eventId);
            }
            if (counted != null) {
                e.contributions.put(eventId, counted);
            } else {
                e.contributions.remove(eventId);
            }
            if (e.lastEngagementDate == null || when.isAfter(e.lastEngagementDate)) {
                e.lastEngagementDate = when;
            }
        });
    }

    private static PartnerService.Change linkRemoved(IncomingEvent event, String eventId) {
        requireEventId(event, eventId);
        return engagement(event, e -> {
            e.eventsParticipated.remove(eventId);
            e.prizesOffered.remove(eventId);
            e.contributions.remove(eventId);
        });
    }

    private static void requireEventId(IncomingEvent event, String eventId) {
        if (eventId == null) {
            throw new IllegalArgumentException("Event " + event.id() + " (" + event.type() + ") has no eventId");
        }
    }

    /** Applies {@code edit} to the partner's engagement once per event; a partner it leaves as it was is not written. */
    private static PartnerService.Change engagement(IncomingEvent event, java.util.function.Consumer<Engagement> edit) {
        return (p, now) -> {
            if (p.alreadyApplied(event.id())) {
                return null;
            }
            Engagement e = p.engagement;
            String before = snapshot(e);
            edit.accept(e);
            e.recompute();
            if (before.equals(snapshot(e))) {
                return null;
            }
            p.touched(event.time());
            return List.of();
        };
    }

    /** A visit of the proposal page counts once, however many section reports it sends. */
    private static PartnerService.Change proposalViewed(IncomingEvent event, boolean visit) {
        return (p, now) -> {
            if (p.alreadyApplied(event.id())) {
                return null;
            }
            if (visit) {
                p.proposalViews++;
            }
            p.touched(event.time());
            return List.of();
        };
    }

    private static PartnerService.Change advance(IncomingEvent event, Stage target, String trigger) {
        return PartnerService.advance(event.id(), target, trigger, event.time());
    }

    /** An external touch (see {@link Touches}) moves the partner's last touch, once per event. */
    private static PartnerService.Change touched(IncomingEvent event) {
        return (p, now) -> {
            if (p.alreadyApplied(event.id())) {
                return null;
            }
            p.touched(event.time());
            return List.of();
        };
    }

    /**
     * The approved person becomes a partner user of the partner: the membership (deterministic id:
     * once only; a redelivery keeps what the identity side recorded on it), then the Keycloak user
     * with role and {@code partnerId} (see {@link IdentityProvisioner}). If Keycloak cannot be
     * reached after the provisioner's retries, this fails, so the event is dead-lettered rather than
     * lost; the membership is already stored by then.
     */
    private Uni<Void> accessApproved(String partnerId, IncomingEvent event, AccessApproved approved) {
        String email = approved.email();
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("Event " + event.id() + " (" + event.type() + ") has no email");
        }
        String id = Membership.idOf(email, partnerId);
        return memberships.findById(id).chain(existing -> {
            Membership m = existing != null ? existing : new Membership();
            m.id = id;
            m.email = email;
            m.name = approved.name();
            m.partnerId = partnerId;
            m.requestId = approved.requestId();
            m.grantedBy = approved.reviewedBy();
            m.grantedAt = event.time();
            return memberships.persistOrUpdate(m);
        }).chain(identity::provision)
                .chain(() -> partners.mutate(partnerId, null, (p, now) -> {
                    if (p.alreadyApplied(event.id())) {
                        return null;
                    }
                    p.touched(event.time());
                    return List.of();
                })).replaceWithVoid();
    }

    private static String snapshot(Engagement e) {
        return e.eventsParticipated + "|" + e.prizesOffered + "|" + e.contributions + "|" + e.lastEngagementDate;
    }
}

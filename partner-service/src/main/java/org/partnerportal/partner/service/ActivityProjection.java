package org.partnerportal.partner.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.domain.Engagement;
import org.partnerportal.partner.domain.Membership;
import org.partnerportal.partner.domain.Stage;
import org.partnerportal.partner.domain.Touches;
import org.partnerportal.partner.identity.IdentityProvisioner;
import org.partnerportal.partner.repository.MembershipRepository;

import com.fasterxml.jackson.databind.JsonNode;

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
            String partnerId = partnerId(event);
            if (partnerId == null || event.name() == null) {
                continue;
            }
            PartnerService.Change change = switch (event.name()) {
                case "EventPartnerAdded", "EventPartnerUpdated" -> linkChanged(event, true);
                case "EventPartnerRemoved" -> linkChanged(event, false);
                case "ProposalIssued" -> advance(event, Stage.PROPOSAL_SENT, "proposal_issued");
                case "MeetingScheduled" -> advance(event, Stage.MEETING_SCHEDULED, "meeting_scheduled");
                case "NdaSigned" -> advance(event, Stage.NDA_SIGNED, "nda_signed");
                case "ProposalViewed" -> proposalViewed(event);
                case "DemoResetRequested" -> PartnerService.demoReset(event.id());
                case "AccessApproved" -> {
                    approvals.add(event);
                    yield null;
                }
                default -> Touches.external(event.name(), event.text("audience")) ? touched(event) : null;
            };
            if (change != null) {
                changes.computeIfAbsent(partnerId, k -> new ArrayList<>()).add(change);
            }
        }
        Uni<Void> folded = changes.isEmpty() ? Uni.createFrom().voidItem()
                : settle(partners.mutateAll(changes), events.size() + " event(s) of " + changes.size() + " partner(s)");
        return folded.chain(() -> Multi.createFrom().iterable(approvals)
                .onItem().transformToUniAndConcatenate(e -> settle(accessApproved(partnerId(e), e),
                        "event " + e.id() + " (" + e.type() + ") for partner " + partnerId(e)))
                .collect().last().replaceWithVoid());
    }

    private static String partnerId(IncomingEvent event) {
        return event.text("partnerId") != null ? event.text("partnerId") : event.subject();
    }

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
    private static PartnerService.Change linkChanged(IncomingEvent event, boolean linked) {
        String eventId = event.text("eventId");
        if (eventId == null) {
            throw new IllegalArgumentException("Event " + event.id() + " (" + event.type() + ") has no eventId");
        }
        BigDecimal amount = Engagement.counted(event.text("status"), amount(event.data().get("amount")));
        boolean prize = event.text("role") != null && event.text("role").toLowerCase(Locale.ROOT).contains("prize");
        Instant when = event.time();
        return (p, now) -> {
            if (p.alreadyApplied(event.id())) {
                return null;
            }
            Engagement e = p.engagement;
            String before = snapshot(e);
            if (linked) {
                if (!e.eventsParticipated.contains(eventId)) {
                    e.eventsParticipated.add(eventId);
                }
                if (prize && !e.prizesOffered.contains(eventId)) {
                    e.prizesOffered.add(eventId);
                } else if (!prize) {
                    e.prizesOffered.remove(eventId);
                }
                if (amount != null) {
                    e.contributions.put(eventId, amount);
                } else {
                    e.contributions.remove(eventId);
                }
                if (e.lastEngagementDate == null || when.isAfter(e.lastEngagementDate)) {
                    e.lastEngagementDate = when;
                }
            } else {
                e.eventsParticipated.remove(eventId);
                e.prizesOffered.remove(eventId);
                e.contributions.remove(eventId);
            }
            e.recompute();
            if (before.equals(snapshot(e))) {
                return null;
            }
            p.touched(when);
            return List.of();
        };
    }

    /** A visit of the proposal page counts once, however many section reports it sends. */
    private static PartnerService.Change proposalViewed(IncomingEvent event) {
        boolean visit = Touches.startsVisit(flag(event, "visitStart"), flag(event, "first"));
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

    private static Boolean flag(IncomingEvent event, String field) {
        JsonNode node = event.data().get(field);
        return node == null || node.isNull() ? null : node.asBoolean();
    }

    /**
     * The approved person becomes a partner user of the partner: the membership (deterministic id:
     * once only; a redelivery keeps what the identity side recorded on it), then the Keycloak user
     * with role and {@code partnerId} (see {@link IdentityProvisioner}). If Keycloak cannot be
     * reached after the provisioner's retries, this fails, so the event is dead-lettered rather than
     * lost; the membership is already stored by then.
     */
    private Uni<Void> accessApproved(String partnerId, IncomingEvent event) {
        String email = event.text("email");
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("Event " + event.id() + " (" + event.type() + ") has no email");
        }
        String id = Membership.idOf(email, partnerId);
        return memberships.findById(id).chain(existing -> {
            Membership m = existing != null ? existing : new Membership();
            m.id = id;
            m.email = email;
            m.name = event.text("name");
            m.partnerId = partnerId;
            m.requestId = event.text("requestId");
            m.grantedBy = event.text("reviewedBy");
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

    private static BigDecimal amount(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
            return value.signum() < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package org.partnerportal.partner.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.domain.Engagement;
import org.partnerportal.partner.domain.Membership;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.domain.Stage;
import org.partnerportal.partner.identity.IdentityProvisioner;
import org.partnerportal.partner.repository.MembershipRepository;

import com.fasterxml.jackson.databind.JsonNode;

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

    public Uni<Void> apply(IncomingEvent event) {
        String partnerId = event.text("partnerId") != null ? event.text("partnerId") : event.subject();
        if (partnerId == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<?> work = switch (event.name()) {
            case "EventPartnerAdded", "EventPartnerUpdated" -> linkChanged(partnerId, event, true);
            case "EventPartnerRemoved" -> linkChanged(partnerId, event, false);
            case "ProposalIssued" -> partners.advance(partnerId, event.id(), Stage.PROPOSAL_SENT, "proposal_issued", event.time());
            case "MeetingScheduled" -> partners.advance(partnerId, event.id(), Stage.MEETING_SCHEDULED, "meeting_scheduled", event.time());
            case "NdaSigned" -> partners.advance(partnerId, event.id(), Stage.NDA_SIGNED, "nda_signed", event.time());
            case "ProposalViewed" -> proposalViewed(partnerId, event);
            case "AccessApproved" -> accessApproved(partnerId, event);
            case "DemoResetRequested" -> partners.demoReset(partnerId, event.id());
            default -> Uni.createFrom().voidItem();
        };
        // Losing a write race is transient: try again, and if it persists fail the record so that
        // it reaches the dead-letter topic instead of being dropped. Any other refusal (the partner
        // is gone, the move is no longer legal) is final for this event: logged and skipped.
        return work.onFailure(ActivityProjection::contended).retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1)).atMost(CONTENTION_RETRIES)
                .onFailure(ActivityProjection::finalRefusal).recoverWithItem(e -> {
                    LOG.warnf("Event %s (%s) for partner %s skipped: %s", event.id(), event.type(), partnerId, e.getMessage());
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
    private Uni<Partner> linkChanged(String partnerId, IncomingEvent event, boolean linked) {
        String eventId = event.text("eventId");
        if (eventId == null) {
            throw new IllegalArgumentException("Event " + event.id() + " (" + event.type() + ") has no eventId");
        }
        BigDecimal amount = amount(event.data().get("amount"));
        boolean prize = event.text("role") != null && event.text("role").toLowerCase(Locale.ROOT).contains("prize");
        Instant when = event.time();
        return partners.mutate(partnerId, null, (p, now) -> {
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
        });
    }

    private Uni<Partner> proposalViewed(String partnerId, IncomingEvent event) {
        return partners.mutate(partnerId, null, (p, now) -> {
            if (p.alreadyApplied(event.id())) {
                return null;
            }
            p.proposalViews++;
            p.touched(event.time());
            return List.of();
        });
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

package org.partnerportal.nda.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.partnerportal.common.links.PortalToken;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.events.NdaEvents.PortalAccessGranted;
import org.partnerportal.events.NdaEvents.PortalKeyRotated;
import org.partnerportal.events.NdaEvents.PortalVisited;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.ActionItemRef;
import org.partnerportal.nda.domain.NdaRecord;
import org.partnerportal.nda.domain.PartnerRef;
import org.partnerportal.nda.domain.Proposal;
import org.partnerportal.nda.domain.VaultItem;
import org.partnerportal.nda.messaging.NdaOutbox;
import org.partnerportal.nda.messaging.NdaOutboxRelay;
import org.partnerportal.nda.repository.ActionItemRepository;
import org.partnerportal.nda.repository.Collections;
import org.partnerportal.nda.repository.NdaRepository;
import org.partnerportal.nda.repository.ProposalRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Portal links (per key version, each with an expiry; rotating the version revokes every older link,
 * here and, through {@code PortalKeyRotated}, in engagement-service) and the portal page.
 */
@ApplicationScoped
public class PortalService {

    public record Grant(String recipient, long keyVersion, String url, Instant expiresAt) {
    }

    public record Portal(PartnerRef partner, List<NdaRecord> ndas, List<VaultItem> documents, List<ActionItemRef> actionItems) {
    }

    private final ProposalRepository proposals;
    private final ProposalService proposalService;
    private final NdaRepository ndas;
    private final VaultService vault;
    private final ActionItemRepository actions;
    private final TokenKeys keys;
    private final NdaOutbox outbox;
    private final NdaOutboxRelay relay;
    private final NdaConfig config;
    private final Clock clock;

    PortalService(ProposalRepository proposals, ProposalService proposalService, NdaRepository ndas, VaultService vault,
            ActionItemRepository actions, TokenKeys keys, NdaOutbox outbox, NdaOutboxRelay relay, NdaConfig config, Clock clock) {
        this.proposals = proposals;
        this.proposalService = proposalService;
        this.ndas = ndas;
        this.vault = vault;
        this.actions = actions;
        this.keys = keys;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    /** A portal link of the key version, valid for {@code pp.nda.portal.link-validity} from {@code now} (whole seconds). */
    public String url(String partnerId, long keyVersion, Instant expiresAt) {
        return config.publicUrl() + "/portal/" + PortalToken.issue(keys.portalKey(), partnerId, keyVersion, expiresAt);
    }

    /** The event that tells every service answering portal-link holders which key version is current. */
    Document rotated(String partnerId, long keyVersion, String actor) {
        Instant now = clock.instant();
        return outbox.event(NdaEvents.PORTAL_KEY_ROTATED, partnerId, new PortalKeyRotated(partnerId, keyVersion, actor, now), now);
    }

    /** E-mails the current portal link (after a rotation when asked) through notification-requests. */
    public Uni<Grant> sendAccess(String partnerId, String recipient, String contactName, String lang, boolean rotate, String actor) {
        return proposalService.partner(partnerId).chain(p -> {
            String to = recipient != null ? recipient : p.primaryContact == null ? null : p.primaryContact.email;
            if (to == null || to.isBlank()) {
                throw ProblemException.unprocessable("no-recipient", "The partner has no primary contact e-mail; give a recipient");
            }
            String name = contactName != null ? contactName
                    : p.primaryContact != null && p.primaryContact.name != null ? p.primaryContact.name : to;
            Uni<Long> version = rotate ? proposals.rotatePortalKey(partnerId, v -> List.of(rotated(partnerId, v, actor)))
                    : proposals.findById(partnerId).map(Proposal::portalKeyVersion);
            return version.chain(v -> {
                Instant now = clock.instant();
                Instant expiresAt = now.plus(config.portal().linkValidity()).truncatedTo(ChronoUnit.SECONDS);
                String url = url(partnerId, v, expiresAt);
                Map<String, Object> vars = new LinkedHashMap<>();
                vars.put("contactName", name);
                vars.put("partnerName", p.name);
                vars.put("portalUrl", url);
                vars.put("expiresAt", expiresAt.toString());
                List<Document> events = List.of(
                        outbox.event(NdaEvents.PORTAL_ACCESS_GRANTED, partnerId, new PortalAccessGranted(partnerId, to, v, actor, now), now),
                        outbox.mail(partnerId, NotificationRequests.PARTNER, "portal_access", lang, List.of(to), vars, null, now));
                return proposals.pushOutbox(partnerId, events).invoke(() -> relay.wakeUp(Collections.PROPOSALS, partnerId))
                        .replaceWith(new Grant(to, v, url, expiresAt));
            });
        });
    }

    /** Bumps the key version (every older link → 401 here and in engagement-service) and publishes it. */
    public Uni<Long> rotate(String partnerId, String actor) {
        return proposalService.partner(partnerId)
                .chain(() -> proposals.rotatePortalKey(partnerId, v -> List.of(rotated(partnerId, v, actor))))
                .invoke(() -> relay.wakeUp(Collections.PROPOSALS, partnerId));
    }

    /**
     * Records that a token holder opened the portal: one PortalVisited per visit (loads within
     * {@code pp.nda.portal.visit-gap} of the last recorded one are the same visit), a touch for the
     * partner's timeline and last touch.
     */
    public Uni<Void> visited(String partnerId, String visitedBy) {
        Instant now = clock.instant();
        Document event = outbox.event(NdaEvents.PORTAL_VISITED, partnerId, new PortalVisited(partnerId, visitedBy, now), now);
        return proposals.recordPortalVisit(partnerId, now, now.minus(config.portal().visitGap()), event)
                .invoke(opened -> {
                    if (opened) {
                        relay.wakeUp(Collections.PROPOSALS, partnerId);
                    }
                }).replaceWithVoid();
    }

    public Uni<Portal> portal(String partnerId) {
        return proposalService.partner(partnerId).chain(p -> ndas.byPartner(partnerId)
                .chain(records -> vault.items(partnerId).chain(docs -> actions.byPartner(partnerId)
                        .map(items -> new Portal(p, records.stream().filter(r -> r.resetAt == null).toList(), docs,
                                items.stream().filter(ActionItemRef::open).toList())))));
    }
}

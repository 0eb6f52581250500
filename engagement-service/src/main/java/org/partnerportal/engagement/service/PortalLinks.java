package org.partnerportal.engagement.service;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.links.ProposalTokens;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.repository.PartnerRefRepository;
import org.partnerportal.engagement.rest.Roles;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The second check of a portal link on this service's paths (nda-service makes the same one on
 * its own): the key version the gateway verified must not be older than the partner's current one,
 * as projected from nda-service's {@code PortalKeyRotated}. A rotated or reset link is the same
 * {@code 401} as anywhere else. (The projection follows the rotation within the event's delivery
 * time; a newer version than projected is nda-service's word and is accepted.)
 */
@ApplicationScoped
public class PortalLinks {

    private final PartnerRefRepository partners;

    PortalLinks(PartnerRefRepository partners) {
        this.partners = partners;
    }

    /** The partner of a live portal link, or a failed Uni ({@code 401}, or {@code 403} for a credential naming none). */
    public Uni<String> holder(JsonWebToken caller) {
        String partnerId = Roles.partnerOf(caller);
        if (partnerId == null || partnerId.isBlank()) {
            return Uni.createFrom().failure(ProblemException.forbidden("The portal credential names no partner"));
        }
        long version = ProposalTokens.keyVersionOf(caller.getClaim(ProposalTokens.CLAIM_KEY_VERSION));
        if (version < 1) {
            return Uni.createFrom().failure(invalidLink());
        }
        return partners.findById(partnerId).map(p -> {
            if (p != null && p.portalKeyVersion != null && version < p.portalKeyVersion) {
                throw invalidLink();
            }
            return partnerId;
        });
    }

    static ProblemException invalidLink() {
        return new ProblemException(Problem.of(401, "invalid-link", "Unauthorized",
                "The link is expired, revoked or not valid for this partner"));
    }
}

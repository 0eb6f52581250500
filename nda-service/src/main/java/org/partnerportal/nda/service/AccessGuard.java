package org.partnerportal.nda.service;

import java.time.Clock;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.links.ProposalTokens;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.nda.config.NdaConfig;
import org.partnerportal.nda.domain.Proposal;
import org.partnerportal.nda.domain.TokenHolder;
import org.partnerportal.nda.repository.ProposalRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The second check of a token link. The gateway verified the link and says so in its internal JWT;
 * this service still decides whether that credential is alive: the proposal jti issued here, not
 * revoked and not expired; a legacy code hash known here while codes are accepted; a portal key
 * version equal to the partner's current one. Any failure is the same {@code 401}, and the path's
 * partner must be the credential's.
 */
@ApplicationScoped
public class AccessGuard {

    private final ProposalRepository proposals;
    private final Clock clock;
    private volatile boolean legacyCodesAccepted;

    AccessGuard(ProposalRepository proposals, Clock clock, NdaConfig config) {
        this.proposals = proposals;
        this.clock = clock;
        this.legacyCodesAccepted = config.legacyProposalCodesAccepted();
    }

    public boolean legacyCodesAccepted() {
        return legacyCodesAccepted;
    }

    /** Switched by configuration at start; tests flip it to cover both settings in one run. */
    public void legacyCodesAccepted(boolean accepted) {
        this.legacyCodesAccepted = accepted;
    }

    public static ProblemException invalidLink() {
        return new ProblemException(Problem.of(401, "invalid-link", "Unauthorized",
                "The link is expired, revoked or not valid for this partner"));
    }

    public Uni<TokenHolder> proposalHolder(JsonWebToken jwt, String pathPartnerId) {
        String partnerId = jwt.getClaim(ProposalTokens.CLAIM_PARTNER_ID);
        String auth = jwt.getClaim(ProposalTokens.AUTH_CLAIM);
        if (partnerId == null || !partnerId.equals(pathPartnerId)) {
            return Uni.createFrom().failure(invalidLink());
        }
        if (ProposalTokens.AUTH_PROPOSAL.equals(auth)) {
            String jti = jwt.getClaim(ProposalTokens.CLAIM_JTI);
            if (jti == null) {
                return Uni.createFrom().failure(invalidLink());
            }
            return proposals.findById(partnerId).map(doc -> {
                Proposal.IssuedToken t = doc == null || doc.tokens == null ? null
                        : doc.tokens.stream().filter(i -> jti.equals(i.jti)).findFirst().orElse(null);
                if (t == null || t.revokedAt != null || t.expiresAt == null || !t.expiresAt.isAfter(clock.instant())) {
                    throw invalidLink();
                }
                return new TokenHolder(partnerId, auth, jti, jwt.getSubject());
            });
        }
        if (ProposalTokens.AUTH_PROPOSAL_CODE.equals(auth)) {
            String hash = jwt.getClaim(ProposalTokens.CLAIM_CODE_HASH);
            if (!legacyCodesAccepted || hash == null) {
                return Uni.createFrom().failure(invalidLink());
            }
            String normalized = hash.toLowerCase();
            return proposals.findById(partnerId).map(doc -> {
                Proposal.LegacyCode c = doc == null || doc.legacyCodes == null ? null
                        : doc.legacyCodes.stream().filter(i -> normalized.equals(i.hash)).findFirst().orElse(null);
                if (c == null || c.revokedAt != null) {
                    throw invalidLink();
                }
                return new TokenHolder(partnerId, auth, "code:" + normalized.substring(0, 12), jwt.getSubject());
            });
        }
        return Uni.createFrom().failure(invalidLink());
    }

    public Uni<TokenHolder> portalHolder(JsonWebToken jwt) {
        String partnerId = jwt.getClaim(ProposalTokens.CLAIM_PARTNER_ID);
        Object kv = jwt.getClaim(ProposalTokens.CLAIM_KEY_VERSION);
        if (partnerId == null || !ProposalTokens.AUTH_PORTAL.equals(jwt.getClaim(ProposalTokens.AUTH_CLAIM))
                || ProposalTokens.keyVersionOf(kv) < 0) {
            return Uni.createFrom().failure(invalidLink());
        }
        long version = ProposalTokens.keyVersionOf(kv);
        return proposals.findById(partnerId).map(doc -> {
            if (Proposal.portalKeyVersion(doc) != version) {
                throw invalidLink();
            }
            return new TokenHolder(partnerId, ProposalTokens.AUTH_PORTAL, "v" + version, jwt.getSubject());
        });
    }

}

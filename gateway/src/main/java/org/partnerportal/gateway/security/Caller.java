package org.partnerportal.gateway.security;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.links.ProposalTokens;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The verified identity of a request, whatever credential it came with; what the internal JWT
 * tells the service. {@code claims} carries what a token link adds (the proposal's {@code jti},
 * a legacy code's hash, the portal key version); {@code impersonatedBy} is set when a super admin
 * acts as this user.
 */
public record Caller(String subject, Set<String> roles, String partnerId, String authMethod, String email,
        Map<String, Object> claims, String impersonatedBy) {

    public static final String ADMIN = "admin";
    public static final String SUPER_ADMIN = "super_admin";
    public static final String PARTNER = "partner";

    public Caller {
        roles = Set.copyOf(roles);
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    public static Caller anonymous() {
        return new Caller("anonymous", Set.of(), null, "anonymous", null, Map.of(), null);
    }

    /** An OIDC-authenticated person; super_admin implies admin. */
    public static Caller of(SecurityIdentity identity) {
        Set<String> roles = new LinkedHashSet<>();
        for (String r : identity.getRoles()) {
            if (r.equals(SUPER_ADMIN) || r.equals(ADMIN) || r.equals(PARTNER)) {
                roles.add(r);
            }
        }
        if (roles.contains(SUPER_ADMIN)) {
            roles.add(ADMIN);
        }
        String partnerId = null;
        String email = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim("partnerId");
            partnerId = claim == null ? null : claim.toString().replace("\"", "");
            email = jwt.getClaim("email");
        }
        // a partner role without a partner is no partner user
        if (partnerId == null || partnerId.isBlank()) {
            roles.remove(PARTNER);
            partnerId = null;
        }
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : identity.getPrincipal().getName();
        return new Caller(subject, roles, partnerId, "oidc", email, Map.of(), null);
    }

    /** The holder of a valid proposal link of {@code partnerId}. */
    public static Caller proposal(String partnerId, String jti) {
        return new Caller("proposal:" + jti, Set.of(ProposalTokens.GROUP_PROPOSAL), partnerId,
                ProposalTokens.AUTH_PROPOSAL, null, Map.of(ProposalTokens.CLAIM_JTI, jti), null);
    }

    /** The holder of a legacy access code, which only nda-service can judge (it knows the hashes). */
    public static Caller proposalCode(String partnerId, String codeHash) {
        return new Caller("proposal-code:" + codeHash.substring(0, 12), Set.of(ProposalTokens.GROUP_PROPOSAL),
                partnerId, ProposalTokens.AUTH_PROPOSAL_CODE, null, Map.of(ProposalTokens.CLAIM_CODE_HASH, codeHash),
                null);
    }

    /** The holder of a valid portal link of {@code partnerId} at key version {@code keyVersion}. */
    public static Caller portal(String partnerId, long keyVersion) {
        return new Caller("portal:" + partnerId, Set.of(ProposalTokens.GROUP_PORTAL), partnerId,
                ProposalTokens.AUTH_PORTAL, null, Map.of(ProposalTokens.CLAIM_KEY_VERSION, keyVersion), null);
    }

    /** This super admin acting as a partner user. */
    public Caller impersonating(String userId, String userEmail, String userPartnerId) {
        return new Caller(userId, Set.of(PARTNER), userPartnerId, "impersonation", userEmail, Map.of(), subject);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN) || roles.contains(SUPER_ADMIN);
    }

    public boolean isSuperAdmin() {
        return roles.contains(SUPER_ADMIN);
    }

    public boolean isPartner() {
        return roles.contains(PARTNER) && partnerId != null;
    }

    public boolean isAnonymous() {
        return "anonymous".equals(authMethod);
    }

    /** A stable key for the internal-token cache: everything the token says. */
    String cacheKey(String service) {
        return service + '|' + authMethod + '|' + subject + '|' + partnerId + '|' + email + '|'
                + String.join(",", new java.util.TreeSet<>(roles)) + '|' + new TreeMap<>(claims) + '|' + impersonatedBy;
    }
}

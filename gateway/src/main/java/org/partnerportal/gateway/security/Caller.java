package org.partnerportal.gateway.security;

import java.util.LinkedHashSet;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The verified identity of a request, whatever credential it came with; what the internal JWT
 * tells the service.
 */
public record Caller(String subject, Set<String> roles, String partnerId, String authMethod, String email) {

    public static final String ADMIN = "admin";
    public static final String SUPER_ADMIN = "super_admin";
    public static final String PARTNER = "partner";

    public static Caller anonymous() {
        return new Caller("anonymous", Set.of(), null, "anonymous", null);
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
        return new Caller(subject, Set.copyOf(roles), partnerId, "oidc", email);
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
}

package org.partnerportal.systemtests;

import java.util.List;

/**
 * The kinds of caller the fuzzer plays, each with the credential the gateway knows it by: nothing,
 * a Keycloak password-grant token of a demo user, or a token link (a proposal link travels as
 * {@code X-Link-Token}, a portal link is the path's {@code {token}} segment).
 */
enum FuzzCaller {
    ANONYMOUS(null, List.of()),
    VISITOR("visitor", List.of()),
    PARTNER("partner", List.of("partner")),
    ADMIN("admin", List.of("admin")),
    SUPER_ADMIN("superadmin", List.of("super_admin", "admin")),
    PROPOSAL_LINK(null, List.of("proposal-link")),
    PORTAL_LINK(null, List.of("portal-link"));

    private final String user;
    private final List<String> roles;

    FuzzCaller(String user, List<String> roles) {
        this.user = user;
        this.roles = roles;
    }

    /** The demo user whose token this caller sends, or null. */
    String user() {
        return user;
    }

    List<String> roles() {
        return roles;
    }

    String label() {
        return name().toLowerCase().replace('_', '-');
    }

    /** Link holders are only tried where the path takes their link; everyone else everywhere. */
    boolean appliesTo(FuzzOperation op) {
        return switch (this) {
            case PROPOSAL_LINK -> op.path().startsWith("/api/proposals/");
            case PORTAL_LINK -> op.path().startsWith("/api/portal/");
            default -> true;
        };
    }
}

package org.partnerportal.systemtests;

import org.partnerportal.testsupport.AccessMatrix;

/**
 * The kinds of caller the fuzzer plays, each with the credential the gateway knows it by: nothing,
 * a Keycloak password-grant token of a demo user, or a token link (a proposal link travels as
 * {@code X-Link-Token}, a portal link is the path's {@code {token}} segment; every other caller
 * puts a forged portal link there). The demo partner user plays twice: on its own partner's paths
 * and on another partner's. Each is a column of the expected access matrix, which decides whether
 * the gateway must let it through.
 */
enum FuzzCaller {
    ANONYMOUS(null, AccessMatrix.Caller.ANONYMOUS),
    VISITOR("visitor", AccessMatrix.Caller.VISITOR),
    PARTNER("partner", AccessMatrix.Caller.PARTNER_OWN),
    PARTNER_OTHER("partner", AccessMatrix.Caller.PARTNER_OTHER),
    ADMIN("admin", AccessMatrix.Caller.ADMIN),
    SUPER_ADMIN("superadmin", AccessMatrix.Caller.SUPER_ADMIN),
    PROPOSAL_LINK(null, AccessMatrix.Caller.PROPOSAL_OWN),
    PORTAL_LINK(null, AccessMatrix.Caller.PORTAL);

    private final String user;
    private final AccessMatrix.Caller column;

    FuzzCaller(String user, AccessMatrix.Caller column) {
        this.user = user;
        this.column = column;
    }

    /** This caller's column of the expected access matrix. */
    AccessMatrix.Caller column() {
        return column;
    }

    /** The demo user whose token this caller sends, or null. */
    String user() {
        return user;
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

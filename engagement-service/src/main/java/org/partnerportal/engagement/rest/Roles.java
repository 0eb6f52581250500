package org.partnerportal.engagement.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** Realm roles as the gateway passes them in the internal JWT's {@code groups}. */
public final class Roles {
    public static final String SUPER_ADMIN = "super_admin";
    public static final String ADMIN = "admin";
    public static final String PARTNER = "partner";
    /** A holder of a partner's portal link (the gateway verified the link). */
    public static final String PORTAL = "portal";

    private Roles() {
    }

    public static boolean isAdmin(JsonWebToken caller) {
        return caller.getGroups().contains(ADMIN) || caller.getGroups().contains(SUPER_ADMIN);
    }

    /** The partner a partner user or a portal visitor is bound to; null for anyone else. */
    public static String partnerOf(JsonWebToken caller) {
        Object claim = caller.getClaim("partnerId");
        return claim == null ? null : claim.toString().replace("\"", "");
    }
}

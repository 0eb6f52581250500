package org.partnerportal.nda.rest;

/** Realm roles and token-holder groups as the gateway passes them in the internal JWT's {@code groups}. */
public final class Roles {
    public static final String SUPER_ADMIN = "super_admin";
    public static final String ADMIN = "admin";
    public static final String PROPOSAL = "proposal";
    public static final String PORTAL = "portal";

    private Roles() {
    }
}

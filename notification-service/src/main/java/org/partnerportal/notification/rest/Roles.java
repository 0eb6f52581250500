package org.partnerportal.notification.rest;

/** Realm roles as the gateway passes them in the internal JWT's {@code groups}. */
public final class Roles {
    public static final String SUPER_ADMIN = "super_admin";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}

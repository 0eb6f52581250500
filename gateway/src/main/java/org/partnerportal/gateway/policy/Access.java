package org.partnerportal.gateway.policy;

/** Who may call a path: the rule column of the policy table. */
public enum Access {
    /** Nobody needs to sign in (the register-path exemption). A token, when sent, is still verified. */
    PUBLIC,
    /** admin or super_admin. */
    ADMIN,
    /** super_admin only. */
    SUPER_ADMIN,
    /** a partner user: the service reads the partner from the {@code partnerId} claim. */
    PARTNER,
    /** admin, super_admin, or any partner user (the service narrows to its own partner). */
    ADMIN_OR_PARTNER,
    /** admin, super_admin, or the partner user whose {@code partnerId} is the path's {@code {id}}. */
    ADMIN_OR_OWN_PARTNER,
    /** the holder of a proposal link (token in {@code ?token=} or {@code X-Link-Token}) of the path's partner. */
    PROPOSAL,
    /** the holder of a portal link: the token is the path's {@code {token}} segment. */
    PORTAL;

    /** Whether anyone may reach the path without signing in (public or with a token link). */
    public boolean isPublic() {
        return this == PUBLIC || this == PROPOSAL || this == PORTAL;
    }
}

package org.partnerportal.partner.domain;

import java.time.Instant;

/** A contact an admin invited to ask for partner access. */
public class Invite {
    public String email;
    public String name;
    public String invitedBy;
    public Instant invitedAt;

    public Invite() {
    }

    public Invite(String email, String name, String invitedBy, Instant invitedAt) {
        this.email = email;
        this.name = name;
        this.invitedBy = invitedBy;
        this.invitedAt = invitedAt;
    }
}

package org.partnerportal.partner.domain;

import java.util.Locale;

/** The pipeline stages of seed 001, in order; {@code on_hold} is where lost or stalled deals rest. */
public enum Stage {
    DRAFT, PROPOSAL_SENT, MEETING_SCHEDULED, NDA_SIGNED, MOU_SIGNED, ACTIVE, ON_HOLD;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

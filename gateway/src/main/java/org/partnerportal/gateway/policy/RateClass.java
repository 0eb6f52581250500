package org.partnerportal.gateway.policy;

/** Which per-client-IP budget a request draws from (limits in {@code pp.gateway.rate-limits}). */
public enum RateClass {
    /** Not limited at the edge (signed-in traffic). */
    NONE,
    /** Public and token-link paths: a general budget against scraping and floods. */
    PUBLIC,
    /** Opening a proposal: 5 an hour per IP (seed 001). */
    PROPOSAL_UNLOCK,
    /** Submitting an NDA: 3 an hour per IP (seed 001). */
    NDA_SUBMIT;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

package org.partnerportal.engagement.domain;

/** What a timeline row records; the key is what is stored and what the {@code kind} filter takes. */
public enum TimelineKind {
    PARTNER_CREATED("partner_created"),
    ACCESS_APPROVED("access_approved"),
    STAGE_CHANGED("stage_changed"),
    EMAIL_SENT("email_sent"),
    COMMUNICATION("communication");

    private final String key;

    TimelineKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}

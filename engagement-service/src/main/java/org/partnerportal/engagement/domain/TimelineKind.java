package org.partnerportal.engagement.domain;

/** What a timeline row records; the key is what is stored and what the {@code kind} filter takes. */
public enum TimelineKind {
    PARTNER_CREATED("partner_created"),
    ACCESS_APPROVED("access_approved"),
    STAGE_CHANGED("stage_changed"),
    EMAIL_SENT("email_sent"),
    COMMUNICATION("communication"),
    PARTNER_ARCHIVED("partner_archived"),
    PARTNER_RESTORED("partner_restored"),
    PARTNER_INVITED("partner_invited"),
    PROPOSAL_ISSUED("proposal_issued"),
    PROPOSAL_INVITATION_SENT("proposal_invitation_sent"),
    PROPOSAL_VIEWED("proposal_viewed"),
    NDA_SIGNED("nda_signed"),
    PORTAL_ACCESS_GRANTED("portal_access_granted"),
    PORTAL_VISITED("portal_visited"),
    DOCUMENT_ADDED("document_added"),
    DOCUMENT_DOWNLOADED("document_downloaded"),
    EVENT_LINKED("event_linked"),
    EVENT_UNLINKED("event_unlinked"),
    MEETING("meeting"),
    ACTION_COMPLETED("action_completed"),
    DECISION("decision");

    private final String key;

    TimelineKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static java.util.Optional<TimelineKind> ofKey(String key) {
        for (TimelineKind k : values()) {
            if (k.key.equals(key)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}

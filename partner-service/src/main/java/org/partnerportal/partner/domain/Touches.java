package org.partnerportal.partner.domain;

import java.util.Set;

/**
 * Which consumed events are the partner's own activity, for the partner's "last touch"
 * ({@code lastTouchAt}) and its proposal visit count. Kept apart from the consumer so that the rule
 * is one small piece, whatever way the events are read.
 */
public final class Touches {

    /**
     * Contact with the partner outside this service, as the timeline shows it: a logged
     * communication, a decision, an action done, a portal visit, a vault download, an e-mail sent to
     * the partner's side. (Link changes, stage moves, proposals, meetings and NDAs touch the partner
     * through their own handlers.)
     */
    public static final Set<String> EXTERNAL = Set.of("CommunicationLogged", "DecisionRecorded", "ActionItemCompleted",
            "PortalVisited", "DocumentDownloaded", "NotificationSent");

    private Touches() {
    }

    /**
     * True for an external touch. A NotificationSent counts only when it went to the partner's side
     * ({@code audience} {@code partner}): an alert to the admins about the partner is no contact.
     */
    public static boolean external(String eventName, String audience) {
        if (!EXTERNAL.contains(eventName)) {
            return false;
        }
        return !"NotificationSent".equals(eventName) || "partner".equals(audience);
    }

    /**
     * True when a ProposalViewed report opens a visit of the proposal page: one visit reports up to
     * nine sections, and only its opening report counts as a view. A report published before
     * reports carried {@code visitStart} counts only when it was the proposal's first view.
     */
    public static boolean startsVisit(Boolean visitStart, Boolean first) {
        return visitStart != null ? visitStart : Boolean.TRUE.equals(first);
    }
}

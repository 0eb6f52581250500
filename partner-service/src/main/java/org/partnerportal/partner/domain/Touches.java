package org.partnerportal.partner.domain;

import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_COMPLETED;
import static org.partnerportal.events.EngagementEvents.COMMUNICATION_LOGGED;
import static org.partnerportal.events.EngagementEvents.DECISION_RECORDED;
import static org.partnerportal.events.NdaEvents.DOCUMENT_DOWNLOADED;
import static org.partnerportal.events.NdaEvents.PORTAL_VISITED;

import java.util.List;

import org.partnerportal.events.EventType;
import org.partnerportal.events.NotificationRequests;

/**
 * Which consumed events are the partner's own activity, for the partner's "last touch"
 * ({@code lastTouchAt}). Kept apart from the consumer so that the rule is one small piece,
 * whatever way the events are read.
 */
public final class Touches {

    /**
     * Contact with the partner outside this service, as the timeline shows it: a logged
     * communication, a decision, an action done, a portal visit, a vault download; and a
     * NotificationSent when {@link #mailTouches} says so. (Link changes, stage moves, proposals,
     * meetings and NDAs touch the partner through their own handlers.)
     */
    public static final List<EventType<?>> EXTERNAL = List.of(COMMUNICATION_LOGGED, DECISION_RECORDED,
            ACTION_ITEM_COMPLETED, PORTAL_VISITED, DOCUMENT_DOWNLOADED);

    private Touches() {
    }

    /**
     * True for a NotificationSent that counts as a touch: one to the partner's side ({@code audience}
     * {@code partner}); an alert to the admins about the partner is no contact.
     */
    public static boolean mailTouches(String audience) {
        return NotificationRequests.PARTNER.equals(audience);
    }
}

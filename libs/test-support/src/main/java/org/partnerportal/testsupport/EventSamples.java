package org.partnerportal.testsupport;

import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_COMPLETED;
import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_CREATED;
import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_UPDATED;
import static org.partnerportal.events.EngagementEvents.COMMUNICATION_LOGGED;
import static org.partnerportal.events.EngagementEvents.DECISION_RECORDED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_ADDED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_REMOVED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_UPDATED;
import static org.partnerportal.events.EngagementEvents.MEETING_SCHEDULED;
import static org.partnerportal.events.NdaEvents.DEMO_RESET_REQUESTED;
import static org.partnerportal.events.NdaEvents.DOCUMENT_ADDED;
import static org.partnerportal.events.NdaEvents.DOCUMENT_DOWNLOADED;
import static org.partnerportal.events.NdaEvents.DOCUMENT_REMOVED;
import static org.partnerportal.events.NdaEvents.DOCUMENT_UPDATED;
import static org.partnerportal.events.NdaEvents.NDA_SIGNED;
import static org.partnerportal.events.NdaEvents.PORTAL_ACCESS_GRANTED;
import static org.partnerportal.events.NdaEvents.PORTAL_KEY_ROTATED;
import static org.partnerportal.events.NdaEvents.PORTAL_VISITED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_INVITATION_SENT;
import static org.partnerportal.events.NdaEvents.PROPOSAL_ISSUED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_VIEWED;
import static org.partnerportal.events.NotificationEvents.NOTIFICATION_FAILED;
import static org.partnerportal.events.NotificationEvents.NOTIFICATION_SENT;
import static org.partnerportal.events.NotificationRequests.NOTIFICATION_REQUESTED;
import static org.partnerportal.events.PartnerEvents.ACCESS_APPROVED;
import static org.partnerportal.events.PartnerEvents.ACCESS_DENIED;
import static org.partnerportal.events.PartnerEvents.ACCESS_REQUESTED;
import static org.partnerportal.events.PartnerEvents.PARTNER_ARCHIVED;
import static org.partnerportal.events.PartnerEvents.PARTNER_CREATED;
import static org.partnerportal.events.PartnerEvents.PARTNER_DELETED;
import static org.partnerportal.events.PartnerEvents.PARTNER_INVITED;
import static org.partnerportal.events.PartnerEvents.PARTNER_RESTORED;
import static org.partnerportal.events.PartnerEvents.PARTNER_STAGE_CHANGED;
import static org.partnerportal.events.PartnerEvents.PARTNER_UPDATED;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.partnerportal.events.EngagementEvents;
import org.partnerportal.events.EventType;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.NotificationEvents;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.events.PartnerEvents;

/**
 * One payload of every event type that its producer could publish: each field filled, each value
 * valid for the type's schema. A consumer test writes only the fields its case is about and takes
 * the rest from here ({@link EventFixtures#json(EventType, String)}), so what reaches the consumer
 * is always a whole, valid event.
 */
public final class EventSamples {

    private static final Instant AT = Instant.parse("2026-11-02T09:30:00Z");
    private static final String PARTNER = "p-sample";
    private static final String ADMIN = "admin@partnerportal.test";
    private static final String CONTACT = "contact@sample-partner.test";

    private static final Map<EventType<?>, Record> SAMPLES = new HashMap<>();

    static {
        put(ACCESS_REQUESTED, new PartnerEvents.AccessRequested("req-sample", "Sample Contact", CONTACT, "Sample Co",
                PARTNER, "We would like to join", AT, "en"));
        put(ACCESS_APPROVED, new PartnerEvents.AccessApproved("req-sample", PARTNER, "Sample Partner", "Sample Contact",
                CONTACT, "Sample Co", null, ADMIN, AT, "https://portal.partnerportal.test/partner", "en"));
        put(ACCESS_DENIED, new PartnerEvents.AccessDenied("req-sample", "Sample Contact", CONTACT, "Sample Co", null, ADMIN,
                AT, "en"));
        PartnerEvents.ContactRef contact = new PartnerEvents.ContactRef("Sample Contact", CONTACT);
        put(PARTNER_CREATED, new PartnerEvents.PartnerCreated(PARTNER, "Sample Partner", "Technology", "gold", "draft",
                contact, List.of(), false, false, ADMIN, AT));
        put(PARTNER_UPDATED, new PartnerEvents.PartnerUpdated(PARTNER, "Sample Partner", "Technology", "gold", "draft",
                contact, List.of(), false, false, List.of("name"), ADMIN, AT, 2));
        put(PARTNER_STAGE_CHANGED, new PartnerEvents.PartnerStageChanged(PARTNER, "Sample Partner", "draft",
                "proposal_sent", "manual", null, ADMIN, AT));
        put(PARTNER_ARCHIVED, new PartnerEvents.PartnerArchived(PARTNER, "Sample Partner", ADMIN, AT));
        put(PARTNER_RESTORED, new PartnerEvents.PartnerRestored(PARTNER, "Sample Partner", ADMIN, AT));
        put(PARTNER_DELETED, new PartnerEvents.PartnerDeleted(PARTNER, "Sample Partner", ADMIN, AT));
        put(PARTNER_INVITED, new PartnerEvents.PartnerInvited(PARTNER, "Sample Partner", CONTACT, "Sample Contact",
                "https://portal.partnerportal.test/register?invite=sample", ADMIN, AT));

        put(COMMUNICATION_LOGGED, new EngagementEvents.CommunicationLogged("comm-sample", PARTNER, "Kick-off call", "phone",
                "outbound", AT, null, null, ADMIN, AT, null, null, "manual", null));
        put(EVENT_PARTNER_ADDED, new EngagementEvents.EventPartnerAdded("link-sample", PARTNER, "ev-sample", "Sample Summit",
                2026, "confirmed", "Confirmed", "gold", "sponsor", null, null, AT));
        put(EVENT_PARTNER_UPDATED, new EngagementEvents.EventPartnerUpdated("link-sample", PARTNER, "ev-sample",
                "Sample Summit", 2026, "confirmed", "Confirmed", "gold", "sponsor", null, null, List.of("status"), AT));
        put(EVENT_PARTNER_REMOVED, new EngagementEvents.EventPartnerRemoved("link-sample", PARTNER, "ev-sample",
                "Sample Summit", AT));
        put(MEETING_SCHEDULED, new EngagementEvents.MeetingScheduled("meeting-sample", PARTNER, "Quarterly review",
                AT.plusSeconds(86_400), List.of(new EngagementEvents.Attendee("Sample Contact", CONTACT)),
                List.of("Goals"), List.of(), ADMIN));
        EngagementEvents.ActionItemChanged item = new EngagementEvents.ActionItemChanged("action-sample", PARTNER,
                "Send the logo", null, null, "open", null, null, null, AT);
        put(ACTION_ITEM_CREATED, item);
        put(ACTION_ITEM_UPDATED, item);
        put(ACTION_ITEM_COMPLETED, new EngagementEvents.ActionItemChanged("action-sample", PARTNER, "Send the logo", null,
                null, "done", null, ADMIN, "admin", AT));
        put(DECISION_RECORDED, new EngagementEvents.DecisionRecorded("decision-sample", PARTNER, "Go with gold", ADMIN, AT));

        put(PROPOSAL_ISSUED, new NdaEvents.ProposalIssued(PARTNER, "Sample Partner", "jti-sample", AT.plusSeconds(2_592_000),
                ADMIN, AT));
        put(PROPOSAL_INVITATION_SENT, new NdaEvents.ProposalInvitationSent(PARTNER, CONTACT, ADMIN, AT));
        put(PROPOSAL_VIEWED, new NdaEvents.ProposalViewed(PARTNER, "hero", 12, false, "visit-sample", false, AT));
        put(NDA_SIGNED, new NdaEvents.NdaSigned(PARTNER, "Sample Partner", "NDA-00001", "Sample Contact", CONTACT, "CEO",
                "v1", "0".repeat(64), AT, "2026-11-02 13:30 (Asia/Muscat)", AT.plusSeconds(63_072_000)));
        put(PORTAL_ACCESS_GRANTED, new NdaEvents.PortalAccessGranted(PARTNER, CONTACT, 1, ADMIN, AT));
        put(PORTAL_VISITED, new NdaEvents.PortalVisited(PARTNER, "portal-link", AT));
        put(PORTAL_KEY_ROTATED, new NdaEvents.PortalKeyRotated(PARTNER, 2, ADMIN, AT));
        put(DEMO_RESET_REQUESTED, new NdaEvents.DemoResetRequested(PARTNER, ADMIN, AT));
        put(DOCUMENT_DOWNLOADED, new NdaEvents.DocumentDownloaded(PARTNER, "doc-sample", "Deck", null, "portal-link", AT));
        put(DOCUMENT_ADDED, new NdaEvents.DocumentAdded(PARTNER, "doc-sample", "Deck", "file", false, AT));
        put(DOCUMENT_UPDATED, new NdaEvents.DocumentUpdated(PARTNER, "doc-sample", "Deck", List.of("title"), ADMIN, AT));
        put(DOCUMENT_REMOVED, new NdaEvents.DocumentRemoved(PARTNER, "doc-sample", "Deck", ADMIN, AT));

        put(NOTIFICATION_SENT, new NotificationEvents.NotificationSent("delivery-sample", "event-sample",
                "partnerportal.PartnerInvited.v1", "partner_invite", "en", PARTNER, PARTNER, "partner", CONTACT,
                "You are invited", 1, AT));
        put(NOTIFICATION_FAILED, new NotificationEvents.NotificationFailed("delivery-sample", "event-sample",
                "partnerportal.PartnerInvited.v1", "partner_invite", "en", PARTNER, PARTNER, "partner", CONTACT,
                "You are invited", 5, "550 mailbox unavailable", AT));
        put(NOTIFICATION_REQUESTED, new NotificationRequests.NotificationRequested(null, "proposal_invitation",
                "en", List.of(NotificationRequests.Recipient.of(CONTACT)), PARTNER, NotificationRequests.PARTNER,
                Map.of("contactName", "Sample Contact"), null));
    }

    private EventSamples() {
    }

    private static <T extends Record> void put(EventType<T> type, T sample) {
        SAMPLES.put(type, sample);
    }

    /** The sample of {@code type}. */
    public static <T extends Record> T of(EventType<T> type) {
        Record sample = SAMPLES.get(type);
        if (sample == null) {
            throw new AssertionError("no sample of " + type);
        }
        return type.payload().cast(sample);
    }
}

package org.partnerportal.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.EventCatalog;
import org.partnerportal.events.EventType;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.NdaEvents.ProposalViewed;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.events.NotificationRequests.NotificationRequested;
import org.partnerportal.events.NotificationRequests.Recipient;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.PartnerEvents.PartnerInvited;
import org.partnerportal.events.Upcasters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What earlier producers wrote reads as today's record, and validates against today's schema once
 * upcast; today's shape passes unchanged; and every sample a consumer test builds on is valid.
 */
class UpcastersTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static <T extends Record> T read(EventType<T> type, String json) throws Exception {
        EventFixtures.legacyJson(type, json); // valid once upcast
        return JSON.treeToValue(Upcasters.upcast(type, (ObjectNode) JSON.readTree(json)), type.payload());
    }

    @Test
    void anInvitationWithItsEarlierLinkNameReadsAsTheRegisterUrl() throws Exception {
        PartnerInvited invited = read(PartnerEvents.PARTNER_INVITED, "{\"partnerId\":\"p-1\",\"partnerName\":\"MOL\","
                + "\"contactEmail\":\"huda@mol.test\",\"contactName\":\"Huda\",\"inviteUrl\":\"https://portal.test/register?t=1\","
                + "\"invitedBy\":\"admin\",\"invitedAt\":\"2026-01-01T08:00:00Z\"}");
        assertEquals("https://portal.test/register?t=1", invited.registerUrl());
        assertEquals("huda@mol.test", invited.email());
        assertEquals("Huda", invited.name());
    }

    @Test
    void todaysNameWinsOverAnEarlierOneSentAlongside() throws Exception {
        PartnerInvited invited = read(PartnerEvents.PARTNER_INVITED, "{\"partnerId\":\"p-1\",\"partnerName\":\"MOL\","
                + "\"email\":\"huda@mol.test\",\"registerUrl\":\"https://portal.test/new\",\"inviteUrl\":\"https://portal.test/old\","
                + "\"invitedBy\":\"admin\",\"invitedAt\":\"2026-01-01T08:00:00Z\"}");
        assertEquals("https://portal.test/new", invited.registerUrl());
    }

    @Test
    void aViewReportFromBeforeVisitStartCountsAsAVisitOnlyWhenItWasTheFirstView() throws Exception {
        String before = "{\"partnerId\":\"p-1\",\"section\":\"hero\",\"seconds\":3,\"viewedAt\":\"2026-01-01T08:00:00Z\",";
        ProposalViewed first = read(NdaEvents.PROPOSAL_VIEWED, before + "\"firstView\":true}");
        assertTrue(first.first());
        assertTrue(first.visitStart());
        ProposalViewed later = read(NdaEvents.PROPOSAL_VIEWED, before + "\"first\":false}");
        assertFalse(later.visitStart());
        ProposalViewed today = read(NdaEvents.PROPOSAL_VIEWED, before + "\"first\":true,\"visitStart\":false}");
        assertFalse(today.visitStart(), "a report that says so is not a visit");
    }

    @Test
    void aRequestsRecipientsReadAsMailboxesWhateverTheirForm() throws Exception {
        NotificationRequested single = read(NotificationRequests.NOTIFICATION_REQUESTED,
                "{\"template\":\"portal_access\",\"to\":\"rana@ooredoo.test\"}");
        assertEquals(List.of(Recipient.of("rana@ooredoo.test")), single.recipients());
        NotificationRequested mixed = read(NotificationRequests.NOTIFICATION_REQUESTED,
                "{\"template\":\"portal_access\",\"recipients\":[\"a@x.test\",{\"email\":\"b@x.test\",\"name\":\"B\",\"lang\":\"ar\"}]}");
        assertEquals(List.of(Recipient.of("a@x.test"), new Recipient("b@x.test", "B", "ar")), mixed.recipients());
    }

    @Test
    void everySampleIsAValidEventAndTodaysShapePassesUnchanged() {
        for (EventType<?> type : EventCatalog.ALL) {
            String json = EventFixtures.json(type, "{}");
            ObjectNode data;
            try {
                data = (ObjectNode) JSON.readTree(json);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertEquals(data, Upcasters.upcast(type, data.deepCopy()), type.toString());
        }
    }

    @Test
    void aFixtureThatBreaksTheContractFailsTheTest() {
        assertThrows(AssertionError.class, () -> EventFixtures.json(NdaEvents.PROPOSAL_VIEWED, "{\"section\":\"nowhere\"}"));
        assertThrows(AssertionError.class, () -> EventFixtures.json(PartnerEvents.PARTNER_CREATED, "{not json"));
    }
}

package org.partnerportal.partner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.getPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.events.EventType;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.NotificationEvents;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The proposal view count counts visits, not section reports, and every external touch on the
 * timeline moves the partner's last touch ({@code domain/Touches}).
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class TouchesTest {

    private static JsonPath partner(String id) {
        return getPartner(id).statusCode(200).extract().jsonPath();
    }

    private static Instant lastTouch(String id) {
        String at = partner(id).getString("lastTouchAt");
        return at == null ? Instant.EPOCH : Instant.parse(at);
    }

    private static void viewed(String id, String visitId, String section, boolean visitStart, boolean first) {
        KafkaEvents.publish(NdaEvents.PROPOSAL_VIEWED, id, "{\"partnerId\":\"" + id
                + "\",\"section\":\"" + section + "\",\"seconds\":" + (visitStart ? 0 : 12) + ",\"first\":" + first
                + ",\"visitId\":\"" + visitId + "\",\"visitStart\":" + visitStart + "}");
    }

    @Test
    void oneVisitCountsOnceHoweverManySectionsItReports() {
        String id = create(body(unique("Visited Co")));
        String visit = UUID.randomUUID().toString();
        viewed(id, visit, "hero", true, true);
        for (String section : List.of("hero", "terms", "metrics", "value", "modules", "why", "next_steps", "cta",
                "documents")) {
            viewed(id, visit, section, false, false);
        }
        String second = UUID.randomUUID().toString();
        viewed(id, second, "hero", true, false);
        // the marker: a third visit; events of one partner are read in order
        viewed(id, UUID.randomUUID().toString(), "terms", true, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> partner(id).getInt("proposalViews") >= 3);
        assertEquals(3, partner(id).getInt("proposalViews"), "three visits, eleven section reports");
    }

    @Test
    void everyExternalTouchMovesTheLastTouch() {
        String id = create(body(unique("Touched Co")));
        Map<EventType<?>, String> touches = new LinkedHashMap<>();
        touches.put(EngagementEvents.COMMUNICATION_LOGGED, "\"communicationId\":\"c1\",\"channel\":\"email\"");
        touches.put(EngagementEvents.DECISION_RECORDED, "\"decisionId\":\"d1\",\"title\":\"Go\"");
        touches.put(EngagementEvents.ACTION_ITEM_COMPLETED, "\"actionId\":\"a1\",\"status\":\"done\"");
        touches.put(NdaEvents.PORTAL_VISITED, "\"visitedBy\":\"portal-link\"");
        touches.put(NdaEvents.DOCUMENT_DOWNLOADED, "\"documentId\":\"v1\",\"title\":\"Deck\"");
        touches.put(NotificationEvents.NOTIFICATION_SENT,
                "\"audience\":\"partner\",\"template\":\"meeting_agenda\",\"recipient\":\"a@example.com\"");
        for (Map.Entry<EventType<?>, String> t : touches.entrySet()) {
            Instant before = lastTouch(id);
            KafkaEvents.publish(t.getKey(), id, "{\"partnerId\":\"" + id + "\"," + t.getValue() + "}");
            await(t.getKey().name() + " moves the last touch").atMost(Duration.ofSeconds(20)).until(() -> lastTouch(id).isAfter(before));
        }

        // an alert to the admins about the partner is no touch: only the later partner mail counts
        int version = partner(id).getInt("version");
        Instant before = lastTouch(id);
        KafkaEvents.publish(NotificationEvents.NOTIFICATION_SENT, id, "{\"partnerId\":null,"
                + "\"relatedPartnerId\":\"" + id + "\",\"audience\":\"admin\",\"template\":\"proposal_first_view_admin_alert\"}");
        KafkaEvents.publish(NotificationEvents.NOTIFICATION_SENT, id, "{\"partnerId\":\"" + id
                + "\",\"audience\":\"partner\",\"template\":\"portal_access\"}");
        // one partition per partner: once the partner mail is applied, the alert was read before it
        await().atMost(Duration.ofSeconds(20)).until(() -> lastTouch(id).isAfter(before));
        assertEquals(version + 1, partner(id).getInt("version"), "the admin alert changed nothing");
    }
}

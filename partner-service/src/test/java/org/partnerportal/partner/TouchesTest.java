package org.partnerportal.partner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.getPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
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
        KafkaEvents.publish("nda-events", id, "partnerportal.ProposalViewed.v1", "{\"partnerId\":\"" + id
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
        List<String[]> touches = List.of(
                new String[] { "engagement-events", "CommunicationLogged", "\"communicationId\":\"c1\",\"channel\":\"email\"" },
                new String[] { "engagement-events", "DecisionRecorded", "\"decisionId\":\"d1\",\"title\":\"Go\"" },
                new String[] { "engagement-events", "ActionItemCompleted", "\"actionId\":\"a1\",\"status\":\"done\"" },
                new String[] { "nda-events", "PortalVisited", "\"keyVersion\":1" },
                new String[] { "nda-events", "DocumentDownloaded", "\"documentId\":\"v1\",\"title\":\"Deck\"" },
                new String[] { "notification-events", "NotificationSent",
                        "\"audience\":\"partner\",\"template\":\"meeting_agenda\",\"recipient\":\"a@example.com\"" });
        for (String[] t : touches) {
            Instant before = lastTouch(id);
            KafkaEvents.publish(t[0], id, "partnerportal." + t[1] + ".v1",
                    "{\"partnerId\":\"" + id + "\"," + t[2] + "}");
            await(t[1] + " moves the last touch").atMost(Duration.ofSeconds(20)).until(() -> lastTouch(id).isAfter(before));
        }

        // an alert to the admins about the partner is no touch: only the later partner mail counts
        int version = partner(id).getInt("version");
        Instant before = lastTouch(id);
        KafkaEvents.publish("notification-events", id, "partnerportal.NotificationSent.v1", "{\"partnerId\":null,"
                + "\"relatedPartnerId\":\"" + id + "\",\"audience\":\"admin\",\"template\":\"proposal_first_view_admin_alert\"}");
        KafkaEvents.publish("notification-events", id, "partnerportal.NotificationSent.v1", "{\"partnerId\":\"" + id
                + "\",\"audience\":\"partner\",\"template\":\"portal_access\"}");
        // one partition per partner: once the partner mail is applied, the alert was read before it
        await().atMost(Duration.ofSeconds(20)).until(() -> lastTouch(id).isAfter(before));
        assertEquals(version + 1, partner(id).getInt("version"), "the admin alert changed nothing");
    }
}

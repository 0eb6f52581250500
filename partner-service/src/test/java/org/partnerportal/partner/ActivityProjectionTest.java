package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.getPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.partner.repository.MembershipRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** What other services' events do to a partner: engagement, stage advances, view counts. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class ActivityProjectionTest {

    @Inject
    MembershipRepository memberships;

    private static JsonPath partner(String id) {
        return getPartner(id).statusCode(200).extract().jsonPath();
    }

    private static String linkAdded(String partnerId, String eventId, String role, Object amount) {
        String amountJson = amount == null ? "null" : amount.toString();
        return KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, partnerId,
                "{\"partnerId\":\"" + partnerId + "\",\"eventId\":\"" + eventId + "\",\"eventName\":\"Hack " + eventId
                        + "\",\"role\":\"" + role + "\",\"amount\":" + amountJson + ",\"status\":\"committed\"}");
    }

    @Test
    void eventLinksBuildTheEngagementAndAReplayChangesNothing() {
        String id = create(body(unique("Engaged Co")));
        String first = KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, id, UUID.randomUUID().toString(), "{\"partnerId\":\"" + id
                        + "\",\"eventId\":\"ev-1\",\"role\":\"Prize Sponsor\",\"status\":\"paid\",\"amount\":2500.500}");
        await().atMost(Duration.ofSeconds(15)).until(() -> partner(id).getList("engagement.eventsParticipated").size() == 1);
        JsonPath p = partner(id);
        assertEquals(List.of("ev-1"), p.getList("engagement.prizesOffered"));
        assertEquals("medium", p.getString("engagement.engagementLevel"));
        assertEquals(0, new java.math.BigDecimal("2500.5").compareTo(new java.math.BigDecimal(p.getString("engagement.totalContribution"))));
        int version = p.getInt("version");

        // the same event again (redelivery) and a second copy of the same link: nothing moves
        KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, id, first,
                "{\"partnerId\":\"" + id + "\",\"eventId\":\"ev-1\",\"role\":\"Prize Sponsor\",\"status\":\"paid\",\"amount\":2500.500}");
        linkAdded(id, "ev-2", "sponsor", 8000);
        await().atMost(Duration.ofSeconds(15)).until(() -> partner(id).getList("engagement.eventsParticipated").size() == 2);
        p = partner(id);
        assertEquals(version + 1, p.getInt("version"), "the replay changed nothing, the new link one thing");
        assertEquals("high", p.getString("engagement.engagementLevel"), "10,500.5 in total is high");

        KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_REMOVED, id,
                "{\"partnerId\":\"" + id + "\",\"eventId\":\"ev-2\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> partner(id).getList("engagement.eventsParticipated").size() == 1);
        assertEquals("medium", partner(id).getString("engagement.engagementLevel"));
    }

    @Test
    void proposalsMeetingsAndNdasAdvanceTheStageForwardOnlyAndOnce() {
        String id = create(body(unique("Advancing Co")));
        KafkaEvents.publish(NdaEvents.PROPOSAL_ISSUED, id, "{\"partnerId\":\"" + id + "\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> "proposal_sent".equals(partner(id).getString("stage")));

        String view = KafkaEvents.publish(NdaEvents.PROPOSAL_VIEWED, id,
                "{\"partnerId\":\"" + id + "\",\"section\":\"hero\",\"first\":true,\"visitStart\":true}");
        KafkaEvents.publish(NdaEvents.PROPOSAL_VIEWED, id, view,
                "{\"partnerId\":\"" + id + "\",\"section\":\"hero\",\"first\":true,\"visitStart\":true}");
        KafkaEvents.publish(NdaEvents.NDA_SIGNED, id,
                "{\"partnerId\":\"" + id + "\",\"reference\":\"NDA-00042\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> "nda_signed".equals(partner(id).getString("stage")));
        // a meeting after the NDA does not move it back
        KafkaEvents.publish(EngagementEvents.MEETING_SCHEDULED, id, "{\"partnerId\":\"" + id + "\"}");
        String marker = KafkaEvents.publish(NdaEvents.PROPOSAL_VIEWED, id,
                "{\"partnerId\":\"" + id + "\",\"section\":\"terms\",\"visitStart\":true}");
        await().atMost(Duration.ofSeconds(15)).until(() -> partner(id).getInt("proposalViews") == 2);
        getPartner(id).body("stage", equalTo("nda_signed"));
        KafkaEvents.await("partner-events", r -> PartnerEvents.PARTNER_STAGE_CHANGED.ceType().equals(r.type())
                && r.data().contains(id) && r.data().contains("\"trigger\":\"nda_signed\""), 1, Duration.ofSeconds(10));
        org.junit.jupiter.api.Assertions.assertNotNull(marker);
    }

    @Test
    void anApprovalMakesTheRequesterAPartnerUserOnce() {
        String id = create(body(unique("Member Co")));
        String email = unique("member") + "@example.com";
        String requestId = given().auth().oauth2(Tokens.anonymous()).contentType("application/json")
                .body(Map.of("name", "Member Person", "email", email, "company", "Member Co"))
                .when().post("/api/partner/register").then().statusCode(202).extract().path("id");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("partnerId", id))
                .when().post("/api/access-requests/" + requestId + "/approve").then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                memberships.count("email", email).await().atMost(Duration.ofSeconds(5)) == 1);
        // the partner now has history: it cannot be deleted any more
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(Tokens.admin())
                .when().delete("/api/partners/" + id).then().statusCode(409));
    }

    @Test
    void unreadableEventsGoToTheDeadLetterTopicAndTheNextOneStillApplies() {
        String id = create(body(unique("Poison Co")));
        String added = EngagementEvents.EVENT_PARTNER_ADDED.ceType();
        // two records that break the contract: data that is not JSON, and a link without its event
        KafkaEvents.publishAll(EngagementEvents.TOPIC, List.of(KafkaEvents.Outgoing.breakingContract(id, added, "{not json"),
                KafkaEvents.Outgoing.breakingContract(id, added, "{\"partnerId\":\"" + id + "\"}")));
        linkAdded(id, "ev-after-poison", "sponsor", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> partner(id).getList("engagement.eventsParticipated").size() == 1);
        KafkaEvents.await("engagement-events.partner-service.dlq", r -> r.data() != null && r.data().contains("not json"),
                1, Duration.ofSeconds(15));
    }

    private static void assertEquals(Object expected, Object actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual);
    }

    private static void assertEquals(Object expected, Object actual, String message) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual, message);
    }
}

package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.engagement.Fixtures.adminGet;
import static org.partnerportal.engagement.Fixtures.adminPost;
import static org.partnerportal.engagement.Fixtures.adminPut;
import static org.partnerportal.engagement.Fixtures.createEvent;
import static org.partnerportal.engagement.Fixtures.map;
import static org.partnerportal.engagement.Fixtures.newId;
import static org.partnerportal.engagement.Fixtures.partner;
import static org.partnerportal.engagement.Fixtures.publishAccessApproved;
import static org.partnerportal.engagement.Fixtures.timelineTotal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.engagement.repository.PartnerRefRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * What nda-service decides about a partner reaches this service's data: a rotated (or reset)
 * portal key revokes older links on the timeline and action paths too, and a demo partner's reset
 * clears its timeline, action items and event links here.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class PortalKeyAndDemoResetTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    PartnerRefRepository partners;

    private static String portal(String partnerId, long keyVersion) {
        return Tokens.builder("portal:" + partnerId, Set.of("portal"), partnerId, "portal").claim("keyVersion", keyVersion)
                .jws().keyId("internal-1").sign(Tokens.privateKey());
    }

    private static void rotated(String partnerId, long keyVersion) {
        KafkaEvents.publish(NdaEvents.PORTAL_KEY_ROTATED, partnerId, "{\"partnerId\":\"" + partnerId
                + "\",\"keyVersion\":" + keyVersion + ",\"rotatedBy\":\"admin-id\",\"rotatedAt\":\"" + Instant.now() + "\"}");
    }

    @Test
    void aRotatedPortalLinkIsRefusedOnTheTimelineAndTheActionPaths() {
        String partnerId = partner();
        String action = adminPost("/api/partners/" + partnerId + "/actions", map("title", "Send the logo")).statusCode(201)
                .extract().path("id");
        given().auth().oauth2(portal(partnerId, 1)).get("/api/portal/tok/timeline").then().statusCode(200);

        rotated(partnerId, 2);
        await().atMost(WITHIN).until(() -> given().auth().oauth2(portal(partnerId, 1)).get("/api/portal/tok/timeline")
                .statusCode() == 401);
        given().auth().oauth2(portal(partnerId, 1)).get("/api/portal/tok/timeline").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(portal(partnerId, 1)).post("/api/portal/tok/actions/" + action + "/done").then().statusCode(401);
        adminGet("/api/actions/" + action).statusCode(200).body("status", equalTo("open"));
        given().auth().oauth2(portal(partnerId, 2)).get("/api/portal/tok/timeline").then().statusCode(200);

        // a replayed older rotation does not bring version 1 back; a later one moves on
        rotated(partnerId, 2);
        rotated(partnerId, 1);
        rotated(partnerId, 3);
        await().atMost(WITHIN).until(() -> Long.valueOf(3).equals(partners.findById(partnerId).await().indefinitely().portalKeyVersion));
        given().auth().oauth2(portal(partnerId, 2)).post("/api/portal/tok/actions/" + action + "/done").then().statusCode(401);
        given().auth().oauth2(portal(partnerId, 3)).post("/api/portal/tok/actions/" + action + "/done").then().statusCode(200)
                .body("status", equalTo("done"));
    }

    private static void created(String partnerId, boolean demo) {
        KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, partnerId, "{\"partnerId\":\"" + partnerId
                + "\",\"name\":\"Reset " + partnerId.substring(0, 6) + "\",\"demo\":" + demo + ",\"createdAt\":\""
                + Instant.now() + "\"}");
    }

    private static String withData(String partnerId, String eventId) {
        publishAccessApproved(newId(), partnerId, "Rana", "rana@example.com", Instant.now());
        adminPost("/api/partners/" + partnerId + "/actions", map("title", "Sign MoU")).statusCode(201);
        adminPut("/api/events/" + eventId + "/partners/" + partnerId, map("status", "pitched")).statusCode(201);
        await().atMost(WITHIN).until(() -> timelineTotal(partnerId) >= 2);
        return partnerId;
    }

    private static void resetRequested(String partnerId) {
        KafkaEvents.publish(NdaEvents.DEMO_RESET_REQUESTED, partnerId, "{\"partnerId\":\"" + partnerId
                + "\",\"requestedBy\":\"superadmin-id\",\"requestedAt\":\"" + Instant.now() + "\"}");
    }

    @Test
    void aDemoPartnersResetClearsItsTimelineActionsAndLinksAndNobodyElses() {
        String eventId = createEvent(map("name", "Reset Hackathon " + newId(), "year", 2025, "outreachStartDate", "2025-01-15",
                "startDate", "2025-03-01", "endDate", "2025-03-02", "sponsorshipGoal", 20000));
        String demo = newId();
        String real = newId();
        created(demo, true);
        created(real, false);
        await().atMost(WITHIN).until(() -> partners.findById(demo).await().indefinitely() != null
                && partners.findById(real).await().indefinitely() != null);
        withData(demo, eventId);
        withData(real, eventId);
        adminGet("/api/events/" + eventId + "/partners").statusCode(200).body("total", equalTo(2));

        resetRequested(real);
        resetRequested(demo);
        await().atMost(WITHIN).untilAsserted(() -> {
            adminGet("/api/partners/" + demo + "/actions").statusCode(200).body("total", equalTo(0));
            adminGet("/api/partners/" + demo + "/events").statusCode(200).body("total", equalTo(0));
        });
        // the removal went the ordinary way: EventPartnerRemoved published, the event's count follows
        assertTrue(KafkaEvents.await("engagement-events", r -> demo.equals(r.key())
                && r.type().equals("partnerportal.EventPartnerRemoved.v1"), 1, WITHIN).size() >= 1);
        adminGet("/api/events/" + eventId + "/partners").statusCode(200).body("total", equalTo(1));
        // the timeline rows of before the reset are gone (only the removal's own row may come after)
        await().atMost(WITHIN).until(() -> given().auth().oauth2(Tokens.admin()).get("/api/partners/" + demo + "/timeline")
                .then().extract().jsonPath().getList("items.kind").stream().allMatch("event_unlinked"::equals));

        // the partner that is not a demo partner keeps everything
        adminGet("/api/partners/" + real + "/actions").statusCode(200).body("total", equalTo(1));
        adminGet("/api/partners/" + real + "/events").statusCode(200).body("total", equalTo(1));
        List<String> kinds = given().auth().oauth2(Tokens.admin()).get("/api/partners/" + real + "/timeline").then()
                .extract().jsonPath().getList("items.kind");
        assertTrue(kinds.contains("access_approved"), kinds.toString());
        assertEquals(Boolean.FALSE, partners.findById(real).await().indefinitely().demo);
    }
}

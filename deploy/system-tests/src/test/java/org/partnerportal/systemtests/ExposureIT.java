package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * The hardening points that cross services, through the gateway: a rotated portal link dies on
 * nda-service's and engagement-service's paths alike, a gated link document's address leaves only
 * through the audited gate, and a demo reset reaches the stage (partner-service) and the action
 * items (engagement-service), for the seeded demo partner only.
 */
class ExposureIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DEMO_PARTNER = "5e7d0000-0000-4000-8000-000000000001";

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    private static String newPartner(String prefix) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String id = PartnerJourneyIT.createPartner(prefix + " " + suffix, "A partner of the hardening test.", "Energy", "gold",
                Map.of("name", "Huda Al-Rawahi", "email", "huda." + suffix + "@exposure.example", "role", "Partnerships"));
        // nda-service has heard of it once its proposal can be written
        await().atMost(WAIT).until(() -> PartnerJourneyIT.admin().body(Map.of("sections", Map.of("hero", "# Hello")))
                .when().put("/api/partners/" + id + "/proposal").statusCode() == 200);
        return id;
    }

    private static String portalToken(String partnerId) {
        String url = PartnerJourneyIT.admin().body(Map.of()).when().post("/api/partners/" + partnerId + "/portal-access")
                .then().statusCode(202).extract().path("url");
        return url.substring(url.indexOf("/portal/") + "/portal/".length());
    }

    private static int status(String method, String path) {
        return given().baseUri(Stack.gateway()).redirects().follow(false).when().request(method, path).statusCode();
    }

    @Test
    void aRotatedPortalLinkIsRefusedByEveryServiceThatAnswersIt() {
        String id = newPartner("Rotation");
        String action = PartnerJourneyIT.admin().body(Map.of("title", "Send the logo")).when()
                .post("/api/partners/" + id + "/actions").then().statusCode(201).extract().path("id");
        String old = portalToken(id);
        assertTrue(old.startsWith("p2."), "a portal link with an expiry: " + old);
        long expiresAt = Long.parseLong(old.split("\\.")[3]);
        assertTrue(Instant.ofEpochSecond(expiresAt).isAfter(Instant.now().plus(Duration.ofDays(89))), old);
        assertEquals(200, status("GET", "/api/portal/" + old));
        assertEquals(200, status("GET", "/api/portal/" + old + "/timeline"));

        PartnerJourneyIT.admin().when().post("/api/partners/" + id + "/portal-access/rotate").then().statusCode(200)
                .body("keyVersion", equalTo(2));
        assertEquals(401, status("GET", "/api/portal/" + old), "nda-service");
        // engagement-service learns the rotation from nda-events
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> status("GET", "/api/portal/" + old + "/timeline") == 401);
        assertEquals(401, status("POST", "/api/portal/" + old + "/actions/" + action + "/done"));
        PartnerJourneyIT.admin().when().get("/api/actions/" + action).then().statusCode(200).body("status", equalTo("open"));

        String current = portalToken(id);
        assertEquals(200, status("GET", "/api/portal/" + current + "/timeline"));
        given().baseUri(Stack.gateway()).when().post("/api/portal/" + current + "/actions/" + action + "/done").then()
                .statusCode(200).body("status", equalTo("done"));
    }

    @Test
    void aGatedLinkDocumentsAddressLeavesOnlyThroughTheAuditedGate() {
        String id = newPartner("Link Gate");
        String address = "https://docs.exposure.example/pricing-" + UUID.randomUUID();
        String doc = PartnerJourneyIT.admin().body(Map.of("title", "Pricing", "url", address)).when()
                .post("/api/partners/" + id + "/documents").then().statusCode(201).body("requiresNda", equalTo(true))
                .extract().path("id");
        String token = portalToken(id);
        String listing = given().baseUri(Stack.gateway()).when().get("/api/portal/" + token).then().statusCode(200)
                .extract().asString();
        assertFalse(listing.contains(address), listing);
        assertEquals(403, status("GET", "/api/portal/" + token + "/documents/" + doc + "?redirect=true"));

        // the partnership becomes active: the gate opens (no NDA needed any more), and says so in the audit
        for (String stage : List.of("proposal_sent", "nda_signed", "mou_signed", "active")) {
            PartnerJourneyIT.admin().body(Map.of("stage", stage, "reason", "hardening test")).when()
                    .put("/api/partners/" + id + "/stage").then().statusCode(200);
        }
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> status("GET", "/api/portal/" + token + "/documents/" + doc + "?redirect=true") == 303);
        given().baseUri(Stack.gateway()).redirects().follow(false).when()
                .get("/api/portal/" + token + "/documents/" + doc + "?redirect=true").then().statusCode(303)
                .header("Location", equalTo(address));
        JsonPath audit = PartnerJourneyIT.admin().when().get("/api/partners/" + id + "/downloads").then().statusCode(200)
                .extract().jsonPath();
        assertTrue(audit.getList("items.documentId").contains(doc));
        assertEquals("active", audit.getString("items[0].allowedBy"));
    }

    @Test
    void theDemoResetReachesEveryServiceForTheDemoPartnerOnly() {
        String superAdmin = Keycloak.token("superadmin");
        String named = newPartner("Demo Partner");
        PartnerJourneyIT.admin().body(Map.of("stage", "proposal_sent", "reason", "hardening test")).when()
                .put("/api/partners/" + named + "/stage").then().statusCode(200);
        given().baseUri(Stack.gateway()).auth().oauth2(superAdmin).when().post("/api/admin/demo-partners/" + named + "/reset")
                .then().statusCode(422);

        String action = PartnerJourneyIT.admin().body(Map.of("title", "Demo action")).when()
                .post("/api/partners/" + DEMO_PARTNER + "/actions").then().statusCode(201).extract().path("id");
        if ("draft".equals(PartnerJourneyIT.partner(DEMO_PARTNER).getString("stage"))) {
            PartnerJourneyIT.admin().body(Map.of("stage", "proposal_sent", "reason", "hardening test")).when()
                    .put("/api/partners/" + DEMO_PARTNER + "/stage").then().statusCode(200);
        }
        given().baseUri(Stack.gateway()).auth().oauth2(superAdmin).when()
                .post("/api/admin/demo-partners/" + DEMO_PARTNER + "/reset").then().statusCode(200)
                .body("partnerId", equalTo(DEMO_PARTNER));

        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertEquals("draft", PartnerJourneyIT.partner(DEMO_PARTNER).getString("stage"), "partner-service");
            PartnerJourneyIT.admin().when().get("/api/partners/" + DEMO_PARTNER + "/actions").then().statusCode(200)
                    .body("total", equalTo(0));
        });
        PartnerJourneyIT.admin().when().get("/api/actions/" + action).then().statusCode(404);
        // the partner that only bears the name keeps its stage
        assertEquals("proposal_sent", PartnerJourneyIT.partner(named).getString("stage"));
    }
}

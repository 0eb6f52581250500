package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The first flow, end to end and from outside only: a visitor asks for partner access through
 * the gateway, the admins are mailed, an admin approves or denies through the gateway with a
 * Keycloak token, the requester is mailed, the partner's timeline shows the approval, and every
 * step is a CloudEvent on the public topic.
 */
class AccessFlowIT {

    private static final String ADMIN_MAILBOX = "admin@partnerportal.test";

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    static String register(String name, String email, String company, String message) {
        return given().baseUri(Stack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "email", email, "company", company, "message", message))
                .when().post("/api/partner/register")
                .then().statusCode(202).body("status", equalTo("pending")).extract().path("id");
    }

    static Mailbox.Mail awaitMail(String address, String mustContain) {
        return await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .until(() -> Mailbox.of(address).stream().filter(m -> m.text().contains(mustContain)).findFirst(),
                        Optional::isPresent)
                .get();
    }

    static Topic.Event awaitEvent(String topic, String type, String dataField, String value) {
        return awaitEvent(topic, type, data -> value.equals(data.path(dataField).asText()));
    }

    /** The first event of {@code type} on {@code topic} whose data matches, once there is one. */
    static Topic.Event awaitEvent(String topic, String type, Predicate<JsonNode> data) {
        return await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .until(() -> events(topic, type, data), l -> !l.isEmpty())
                .get(0);
    }

    /** Every event of {@code type} on {@code topic} so far whose data matches. */
    static List<Topic.Event> events(String topic, String type, Predicate<JsonNode> data) {
        return Topic.read(topic).stream().filter(e -> type.equals(e.type()) && e.data() != null && data.test(e.data())).toList();
    }

    /** The demo partner's newest timeline entries as {@code user} sees them. */
    private static List<Map<String, Object>> timeline(String user) {
        return given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token(user))
                .when().get("/api/partners/" + Stack.DEMO_PARTNER + "/timeline")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void withoutATokenAdminPathsAre401AndForAVisitor403() {
        given().baseUri(Stack.gateway()).when().get("/api/access-requests")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("visitor")).when().get("/api/access-requests")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("partner")).when().get("/api/access-requests")
                .then().statusCode(403);
    }

    @Test
    void requestIsMailedToTheAdminsApprovedAndLandsOnThePartnersTimeline() {
        String email = "rana." + UUID.randomUUID().toString().substring(0, 8) + "@sohar-robotics.example";
        String company = "Sohar Robotics " + UUID.randomUUID().toString().substring(0, 6);
        String id = register("Rana Al-Busaidi", email, company, "We sponsor student hackathons.");

        // a second pending request for the same person and company is a conflict
        given().baseUri(Stack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("name", "Rana Al-Busaidi", "email", email, "company", company))
                .when().post("/api/partner/register")
                .then().statusCode(409).contentType("application/problem+json");

        // the event on the public topic is a proper CloudEvent keyed for ordering
        Topic.Event requested = awaitEvent("partner-events", "partnerportal.AccessRequested.v1", "requestId", id);
        assertEquals("1.0", requested.ce().get("specversion"));
        assertNotNull(UUID.fromString(requested.ce().get("id")));
        assertEquals("/partner-portal/partner-service", requested.ce().get("source"));
        assertEquals(requested.key(), requested.ce().get("subject"));
        assertNotNull(requested.ce().get("time"));
        assertTrue(requested.contentType().startsWith("application/json"), requested.contentType());
        assertEquals(email, requested.data().path("email").asText());

        // the admins are told, with what the requester wrote
        Mailbox.Mail alert = awaitMail(ADMIN_MAILBOX, company);
        assertTrue(alert.to().contains(ADMIN_MAILBOX), alert.to().toString());
        assertTrue(alert.text().contains(email) && alert.text().contains("We sponsor student hackathons."), alert.text());

        // an admin finds it among the pending requests and approves it for the demo partner
        String admin = Keycloak.token("admin");
        given().baseUri(Stack.gateway()).auth().oauth2(admin).queryParam("status", "pending").queryParam("size", 200)
                .when().get("/api/access-requests")
                .then().statusCode(200).body("items.id", hasItem(id));
        given().baseUri(Stack.gateway()).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("partnerId", Stack.DEMO_PARTNER, "notes", "Welcome aboard, Rana."))
                .when().post("/api/access-requests/" + id + "/approve")
                .then().statusCode(200).body("status", equalTo("approved")).body("partnerId", equalTo(Stack.DEMO_PARTNER));

        Topic.Event approved = awaitEvent("partner-events", "partnerportal.AccessApproved.v1", "requestId", id);
        assertEquals(Stack.DEMO_PARTNER, approved.key());
        assertEquals(Stack.DEMO_PARTNER, approved.ce().get("subject"));

        Mailbox.Mail welcome = awaitMail(email, "Demo Partner");
        assertEquals(List.of(email), welcome.to());
        assertTrue(welcome.text().contains("Rana Al-Busaidi"), welcome.text());
        assertTrue(welcome.text().contains(Stack.gateway()), "the mail links the portal: " + welcome.text());

        // the timeline of the partner shows the approval: to the admin with the requester's address, to
        // the partner's own user the same entry without it (the partner view's allow-list, issue 17)
        Object entryId = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> timeline("admin").stream().filter(i -> "access_approved".equals(i.get("kind"))
                        && i.toString().contains(email)).map(i -> i.get("id")).findFirst(), Optional::isPresent)
                .orElseThrow();
        Map<String, Object> seenByPartner = timeline("partner").stream().filter(i -> entryId.equals(i.get("id")))
                .findFirst().orElseThrow(() -> new AssertionError("the partner user does not see entry " + entryId));
        assertEquals("access_approved", seenByPartner.get("kind"));
        assertFalse(seenByPartner.toString().contains(email), seenByPartner.toString());

        // the delivery log records both messages
        given().baseUri(Stack.gateway()).auth().oauth2(admin).queryParam("recipient", email)
                .when().get("/api/notifications/deliveries")
                .then().statusCode(200).body("items.status", hasItem("sent"));
    }

    @Test
    void deniedRequesterIsMailedTheReviewersNotes() {
        String email = "omar." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String company = "Muscat Ventures " + UUID.randomUUID().toString().substring(0, 6);
        String id = register("Omar Al-Harthy", email, company, "Interested in the gold tier.");

        Response denied = given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("superadmin"))
                .contentType(ContentType.JSON)
                .body(Map.of("notes", "We only partner with registered companies this season."))
                .when().post("/api/access-requests/" + id + "/deny");
        denied.then().statusCode(200).body("status", equalTo("denied"));

        Topic.Event event = awaitEvent("partner-events", "partnerportal.AccessDenied.v1", "requestId", id);
        assertEquals(id, event.key());

        Mailbox.Mail mail = awaitMail(email, "We only partner with registered companies this season.");
        assertEquals(List.of(email), mail.to());

        // a reviewed request cannot be reviewed again the other way
        given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin")).contentType(ContentType.JSON)
                .body(Map.of("partnerId", Stack.DEMO_PARTNER)).when().post("/api/access-requests/" + id + "/approve")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void badInputIsAProblemAndStoresNothing() {
        String email = "bad." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        given().baseUri(Stack.gateway()).contentType(ContentType.JSON)
                .body(Map.of("name", "X", "email", email, "company", ""))
                .when().post("/api/partner/register")
                .then().statusCode(400).contentType("application/problem+json").body("errors.size()",
                        org.hamcrest.Matchers.greaterThan(0));
        given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin")).queryParam("size", 200)
                .when().get("/api/access-requests")
                .then().statusCode(200).body("items.email", org.hamcrest.Matchers.not(hasItem(email)));
    }
}

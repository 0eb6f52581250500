package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.partnerportal.partner.Fixtures.awaitEvent;
import static org.partnerportal.partner.Fixtures.createPartner;
import static org.partnerportal.partner.Fixtures.data;
import static org.partnerportal.partner.Fixtures.eventsAbout;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.partnerportal.partner.repository.AccessRequestRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(PortalTestResource.class)
class AccessRequestTest {

    @Inject
    AccessRequestRepository requests;

    private static Map<String, Object> registration(String email, String company) {
        return Map.of("name", "Rana Al-Busaidi", "email", email, "company", company, "message", "We sponsor student hackathons.");
    }

    private static String register(String email, String company) {
        return given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON).body(registration(email, company))
                .when().post("/api/partner/register")
                .then().statusCode(202).body("status", equalTo("pending")).extract().path("id");
    }

    private long storedFor(String email) {
        return requests.count("email", email).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void registrationIsStoredAndPublishedAsACloudEvent() {
        String email = unique("rana") + "@example.com";
        String id = register(email, "Sohar Robotics");

        KafkaEvents.Recorded event = awaitEvent("partnerportal.AccessRequested.v1", email);
        UUID.fromString(event.id());
        assertEquals("/partner-portal/partner-service", event.source());
        assertEquals(id, event.subject(), "without a partner the request id keys the event");
        assertEquals(id, event.key());
        assertEquals("application/json", event.contentType());
        assertNotNull(event.time());
        JsonNode d = data(event);
        assertEquals(id, d.get("requestId").asText());
        assertEquals("Sohar Robotics", d.get("company").asText());
        assertEquals("Rana Al-Busaidi", d.get("name").asText());

        given().auth().oauth2(Tokens.admin()).when().get("/api/access-requests?status=pending&size=200")
                .then().statusCode(200).body("items.id", hasItem(id)).body("total", notNullValue());
        // the outbox is emptied once Kafka acknowledged the event, and its pending flag with it
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var stored = requests.findById(id).await().indefinitely();
            return stored.outbox.isEmpty() && !stored.outboxPending;
        });
    }

    @Test
    void aSecondPendingRequestForTheSameEmailAndCompanyIsAConflict() {
        String email = unique("dup") + "@example.com";
        register(email, "Oman Data Park");
        given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON)
                .body(registration(email.toUpperCase(), "  oman   DATA park "))
                .when().post("/api/partner/register")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", startsWith("https://")).body("status", equalTo(409));
        assertEquals(1, storedFor(email));
        awaitEvent("partnerportal.AccessRequested.v1", email);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(30))
                .until(() -> eventsAbout(email).size() == 1);
    }

    @Test
    void badInputIsRejectedWithTheFieldsAndLeavesNothingBehind() {
        String email = "not-an-email-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON)
                .body(Map.of("name", "X", "email", email))
                .when().post("/api/partner/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("name", "email", "company"));
        given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON)
                .body(Map.of("name", "Valid Name", "email", "valid@example.com", "company", "Valid Co", "status", "approved"))
                .when().post("/api/partner/register")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("status"));
        given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON).body("{not json")
                .when().post("/api/partner/register")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, storedFor(email));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(30)).until(() -> eventsAbout(email).isEmpty());
    }

    @Test
    void onlyTheGatewaysTokenIsAcceptedAndOnlyAdminsReview() {
        given().contentType(ContentType.JSON).body(registration("x@example.com", "Nobody Co"))
                .when().post("/api/partner/register")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.visitor()).when().get("/api/access-requests")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.partner("p1")).when().get("/api/access-requests")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/access-requests")
                .then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).when().get("/api/access-requests?status=bogus")
                .then().statusCode(400).body("errors.field", hasItem("status"));
    }

    @Test
    void approvalMakesTheRequesterAPartnerUserOnceAndPublishesIt() {
        String partnerId = createPartner(unique("Approval Partner"));
        String email = unique("approve") + "@example.com";
        String id = register(email, "Approval Co");

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("partnerId", partnerId, "notes", "Welcome aboard"))
                .when().post("/api/access-requests/" + id + "/approve")
                .then().statusCode(200).body("status", equalTo("approved")).body("partnerId", equalTo(partnerId))
                .body("reviewedBy", equalTo("admin-id"));

        KafkaEvents.Recorded approved = awaitEvent("partnerportal.AccessApproved.v1", email);
        assertEquals(partnerId, approved.key());
        assertEquals(partnerId, approved.subject());
        JsonNode d = data(approved);
        assertEquals(partnerId, d.get("partnerId").asText());
        assertEquals("Welcome aboard", d.get("notes").asText());
        assertEquals("http://localhost:8080/partner", d.get("portalUrl").asText());

        // approving twice changes nothing and publishes nothing
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("partnerId", partnerId))
                .when().post("/api/access-requests/" + id + "/approve")
                .then().statusCode(200).body("status", equalTo("approved"));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(30)).until(() -> eventsAbout(email).stream()
                .filter(r -> r.type().equals("partnerportal.AccessApproved.v1")).count() == 1);

        // but a reviewed request cannot be re-targeted or denied
        String other = createPartner(unique("Other Partner"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("partnerId", other))
                .when().post("/api/access-requests/" + id + "/approve")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("notes", "no"))
                .when().post("/api/access-requests/" + id + "/deny")
                .then().statusCode(409);

        // the released key lets the same person ask again later
        register(email, "Approval Co");
    }

    @Test
    void approvalForAPartnerThatDoesNotExistChangesNothing() {
        String email = unique("ghost") + "@example.com";
        String id = register(email, "Ghost Co");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("partnerId", UUID.randomUUID().toString()))
                .when().post("/api/access-requests/" + id + "/approve")
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).when().get("/api/access-requests/" + id)
                .then().statusCode(200).body("status", equalTo("pending"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/access-requests/" + id + "/approve")
                .then().statusCode(400).body("errors.field", hasItem("partnerId"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("partnerId", "x"))
                .when().post("/api/access-requests/" + UUID.randomUUID() + "/approve")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void denialCarriesTheReviewersNotes() {
        String email = unique("deny") + "@example.com";
        String id = register(email, "Denied Co");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("notes", "We only partner with registered companies."))
                .when().post("/api/access-requests/" + id + "/deny")
                .then().statusCode(200).body("status", equalTo("denied"))
                .body("reviewNotes", equalTo("We only partner with registered companies."));
        JsonNode d = data(awaitEvent("partnerportal.AccessDenied.v1", email));
        assertEquals("We only partner with registered companies.", d.get("notes").asText());
        assertEquals(email, d.get("email").asText());
        given().auth().oauth2(Tokens.admin()).when().get("/api/access-requests?status=denied&size=200")
                .then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void theRequestersLanguageTravelsToTheAnswer() {
        String email = unique("arabic") + "@example.com";
        Map<String, Object> arabic = new java.util.HashMap<>(registration(email, "Arabic Co"));
        arabic.put("lang", "ar");
        String id = given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON).body(arabic)
                .when().post("/api/partner/register").then().statusCode(202).extract().path("id");
        assertEquals("ar", data(awaitEvent("partnerportal.AccessRequested.v1", email)).get("lang").asText());
        given().auth().oauth2(Tokens.admin()).get("/api/access-requests/" + id).then().statusCode(200)
                .body("lang", equalTo("ar"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/access-requests/" + id + "/deny").then().statusCode(200);
        assertEquals("ar", data(awaitEvent("partnerportal.AccessDenied.v1", email)).get("lang").asText());

        // no language given: English; another language: refused, nothing stored
        String english = unique("english") + "@example.com";
        register(english, "English Co");
        assertEquals("en", data(awaitEvent("partnerportal.AccessRequested.v1", english)).get("lang").asText());
        String french = unique("french") + "@example.com";
        Map<String, Object> fr = new java.util.HashMap<>(registration(french, "French Co"));
        fr.put("lang", "fr");
        given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON).body(fr)
                .when().post("/api/partner/register").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("lang"));
        assertEquals(0, storedFor(french));
    }
}

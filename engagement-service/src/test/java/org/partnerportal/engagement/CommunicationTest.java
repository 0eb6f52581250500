package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.engagement.Fixtures.data;
import static org.partnerportal.engagement.Fixtures.newId;
import static org.partnerportal.engagement.Fixtures.publishAccessApproved;
import static org.partnerportal.engagement.Fixtures.timelineTotal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.partnerportal.engagement.repository.TimelineRepository;
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
class CommunicationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    TimelineRepository timeline;

    private static Map<String, Object> body(String subject) {
        Map<String, Object> b = new HashMap<>();
        b.put("subject", subject);
        b.put("summary", "Discussed the gold package for the spring hackathon.");
        b.put("channel", "phone");
        b.put("direction", "outbound");
        b.put("occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        b.put("followUpDate", "2030-06-01");
        return b;
    }

    private static io.restassured.response.ValidatableResponse post(String token, String partnerId, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/partners/" + partnerId + "/communications").then();
    }

    /** The partner's communications (its timeline also holds partner_created, from Fixtures.partner()). */
    private long storedFor(String partnerId) {
        return timeline.count("partnerId = ?1 and kind = ?2", partnerId, "communication").await()
                .atMost(Duration.ofSeconds(5));
    }

    private static boolean anyEventFor(String partnerId) {
        return KafkaEvents.all("engagement-events").stream().anyMatch(r -> partnerId.equals(r.key()));
    }

    @Test
    void aLoggedCommunicationIsStoredShownAndPublished() {
        String partnerId = Fixtures.partner();
        var created = post(Tokens.admin(), partnerId, body("Call about sponsorship")).statusCode(201)
                .body("kind", equalTo("communication"))
                .body("title", equalTo("Call about sponsorship"))
                .body("communication.channel", equalTo("phone"))
                .body("communication.direction", equalTo("outbound"))
                .body("communication.followUpDate", equalTo("2030-06-01"))
                .body("communication.createdBy", equalTo("admin-id"))
                .body("actor", equalTo("admin-id"))
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/partners/" + partnerId + "/timeline/" + id),
                created.header("Location"));

        given().auth().oauth2(Tokens.admin()).when().get("/api/partners/" + partnerId + "/timeline/" + id)
                .then().statusCode(200).body("communication.summary", equalTo("Discussed the gold package for the spring hackathon."));
        given().auth().oauth2(Tokens.admin()).when().get("/api/partners/" + partnerId + "/timeline?kind=communication")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(id));

        KafkaEvents.Recorded event = KafkaEvents.await("engagement-events",
                r -> partnerId.equals(r.key()), 1, WITHIN).get(0);
        assertEquals("partnerportal.CommunicationLogged.v1", event.type());
        assertEquals(partnerId, event.subject());
        assertEquals("/partner-portal/engagement-service", event.source());
        UUID.fromString(event.id());
        JsonNode d = data(event);
        assertEquals(id, d.get("communicationId").asText());
        assertEquals(partnerId, d.get("partnerId").asText());
        assertEquals("phone", d.get("channel").asText());
        assertEquals("2030-06-01", d.get("followUpDate").asText());
        assertTrue(d.get("summary") == null, "the private summary stays in the service");
        await().atMost(WITHIN).until(() -> timeline.findById(id).await().indefinitely().outbox.isEmpty());
    }

    @Test
    void aRepeatedExternalMessageIdIsStoredOnce() {
        String partnerId = Fixtures.partner();
        Map<String, Object> b = body("Re: proposal");
        b.put("externalMessageId", "<CAF123@mail.gmail.com>");
        String id = post(Tokens.admin(), partnerId, b).statusCode(201).extract().path("id");
        b.put("summary", "a second copy from the mail sync");
        post(Tokens.superAdmin(), partnerId, b).statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id))
                .body("communication.summary", equalTo("Discussed the gold package for the spring hackathon."));
        assertEquals(1, storedFor(partnerId));

        // the same message id under another partner is another communication
        String other = Fixtures.partner();
        String otherId = post(Tokens.admin(), other, b).statusCode(201).extract().path("id");
        assertTrue(!otherId.equals(id));

        KafkaEvents.await("engagement-events", r -> partnerId.equals(r.key()), 1, WITHIN);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> KafkaEvents.all("engagement-events")
                .stream().filter(r -> partnerId.equals(r.key())).count() == 1);
    }

    @Test
    void badInputIsRejectedWithTheFieldsAndLeavesNothingBehind() {
        String partnerId = newId();
        Map<String, Object> b = body("");
        b.put("channel", "pigeon");
        b.put("direction", "sideways");
        b.remove("occurredAt");
        b.put("summary", "x".repeat(5001));
        post(Tokens.admin(), partnerId, b).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("subject", "channel", "direction", "occurredAt", "summary"));

        Map<String, Object> future = body("From the future");
        future.put("occurredAt", Instant.now().plus(10, ChronoUnit.DAYS).toString());
        post(Tokens.admin(), partnerId, future).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("occurredAt"));

        Map<String, Object> badDate = body("Bad date");
        badDate.put("occurredAt", "yesterday");
        post(Tokens.admin(), partnerId, badDate).statusCode(400).body("errors.field", hasItem("occurredAt"));

        Map<String, Object> unknown = body("Unknown field");
        unknown.put("createdBy", "someone-else");
        post(Tokens.admin(), partnerId, unknown).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("createdBy"));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{not json")
                .when().post("/api/partners/" + partnerId + "/communications")
                .then().statusCode(400).contentType("application/problem+json");

        assertEquals(0, storedFor(partnerId));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(10)).until(() -> !anyEventFor(partnerId));
    }

    @Test
    void roleMatrix() {
        String partnerId = newId();
        publishAccessApproved(newId(), partnerId, "Partner User", "pu@example.com", Instant.now());
        await().atMost(WITHIN).until(() -> timelineTotal(partnerId) == 1);

        // a partner sees its own timeline and nothing else; another partner's id looks absent
        given().auth().oauth2(Tokens.partner(partnerId)).when().get("/api/partners/" + partnerId + "/timeline")
                .then().statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(Tokens.partner(newId())).when().get("/api/partners/" + partnerId + "/timeline")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.visitor()).when().get("/api/partners/" + partnerId + "/timeline")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.anonymous()).when().get("/api/partners/" + partnerId + "/timeline")
                .then().statusCode(403);
        given().when().get("/api/partners/" + partnerId + "/timeline")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/partners/" + partnerId + "/timeline?size=201")
                .then().statusCode(400).body("errors.field", hasItem("size"));

        // only admins log communications
        post(Tokens.partner(partnerId), partnerId, body("By the partner")).statusCode(403);
        post(Tokens.visitor(), partnerId, body("By a visitor")).statusCode(403);
        given().contentType(ContentType.JSON).body(body("Nobody"))
                .when().post("/api/partners/" + partnerId + "/communications")
                .then().statusCode(401).contentType("application/problem+json").body("detail", notNullValue());
        // only the access_approved row: no communication was stored
        assertEquals(0, storedFor(partnerId));
        assertEquals(1, timelineTotal(partnerId));
    }
}

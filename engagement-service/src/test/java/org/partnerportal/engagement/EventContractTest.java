package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.partnerportal.engagement.Fixtures.adminPost;
import static org.partnerportal.engagement.Fixtures.adminPut;
import static org.partnerportal.engagement.Fixtures.map;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.testsupport.EventContract;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The published contract of {@code engagement-events} ({@link EventContract}): every type has a
 * schema naming exactly its payload record's fields, the AsyncAPI document lists them, and what the
 * real flows put on the topic (driven through the HTTP API: links, a communication, a meeting with
 * action items, an action updated and completed, a decision) carries this service's CloudEvents
 * attributes and validates against its type's schema.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class EventContractTest {

    private static final EventContract CONTRACT = EventContract.of(EngagementEvents.TOPIC, "engagement-service");

    private static final Set<String> TYPES = EventContract.names(EngagementEvents.ALL);

    @Test
    void everyTypeHasASchemaOfItsRecordAndTheAsyncApiDocumentListsThem() {
        CONTRACT.assertDeclares(EngagementEvents.ALL);
    }

    @Test
    void whatTheRealFlowsPublishMatchesTheContract() {
        String partnerId = Fixtures.partner();
        String eventId = Fixtures.createEvent(map("name", "Contract Summit " + Fixtures.newId().substring(0, 8), "year", 2026,
                "tierConfigs", List.of(map("tierLabel", "Gold", "defaultAmount", 5000))));
        String link = "/api/events/" + eventId + "/partners/" + partnerId;
        adminPut(link, map("status", "contacted", "packageTier", "Gold", "role", "Prize sponsor")).statusCode(201);
        adminPut(link, map("status", "confirmed", "packageTier", "Gold", "amount", 7500, "followUpDate", "2030-01-15"))
                .statusCode(200);
        given().auth().oauth2(Tokens.admin()).when().delete(link).then().statusCode(204);

        adminPost("/api/partners/" + partnerId + "/communications", map("subject", "Package call",
                "summary", "Discussed the gold package.", "channel", "phone", "direction", "outbound",
                "occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "followUpDate", "2030-06-01", "eventId", eventId)).statusCode(201);
        adminPost("/api/partners/" + partnerId + "/meetings", map("title", "Kick-off", "startsAt", "2030-07-01T09:00:00Z",
                "attendees", List.of(map("name", "Rana", "email", "rana@example.com"), map("email", "ops@example.com")),
                "agenda", List.of("Goals"), "actionItems", List.of(map("title", "Send deck", "dueDate", "2030-07-03"))))
                .statusCode(201);
        String action = adminPost("/api/partners/" + partnerId + "/actions", map("title", "Sign MoU")).statusCode(201)
                .extract().path("id");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(map("assignee", "rana@example.com", "dueDate", "2030-08-01"))
                .when().patch("/api/actions/" + action).then().statusCode(200);
        given().auth().oauth2(Tokens.partner(partnerId)).contentType(ContentType.JSON).body(map("status", "done"))
                .when().patch("/api/actions/" + action).then().statusCode(200);
        adminPost("/api/partners/" + partnerId + "/decisions",
                map("title", "Go with Gold", "rationale", "Budget approved", "decidedAt", "2030-06-01T10:00:00Z"))
                .statusCode(201);

        // ActionItemCreated twice (the meeting's item and the one on its own): ten records in all
        List<KafkaEvents.Recorded> published = KafkaEvents.await(EngagementEvents.TOPIC, r -> partnerId.equals(r.key()),
                10, Duration.ofSeconds(30));
        CONTRACT.assertPublishedMatch(published, TYPES);
    }

    /** The check is not a rubber stamp: a record's broken field, or its missing one, is refused. */
    @Test
    void aBrokenPayloadIsRefused() {
        ObjectNode valid = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("decisionId", "d-1").put("partnerId", "p-1").put("title", "Go with Gold")
                .put("decidedBy", "admin-id").put("decidedAt", "2030-06-01T10:00:00Z");
        assertEquals(Set.of(), CONTRACT.validate("DecisionRecorded", valid));
        assertFalse(CONTRACT.validate("DecisionRecorded", valid.deepCopy().put("decidedAt", "yesterday")).isEmpty());
        ObjectNode missing = valid.deepCopy();
        missing.remove("partnerId");
        assertFalse(CONTRACT.validate("DecisionRecorded", missing).isEmpty());
    }
}

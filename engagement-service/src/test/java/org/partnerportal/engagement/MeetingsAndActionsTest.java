package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.engagement.Fixtures.adminGet;
import static org.partnerportal.engagement.Fixtures.adminPost;
import static org.partnerportal.engagement.Fixtures.data;
import static org.partnerportal.engagement.Fixtures.map;
import static org.partnerportal.engagement.Fixtures.newId;
import static org.partnerportal.engagement.Fixtures.portal;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.engagement.repository.ActionRepository;
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
class MeetingsAndActionsTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    ActionRepository actions;

    private static io.restassured.response.ValidatableResponse patch(String token, String actionId, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().patch("/api/actions/" + actionId).then();
    }

    @Test
    void aMeetingCreatesItsActionItemsAndRequestsTheAgendaEmail() {
        String partnerId = Fixtures.partner();
        var created = adminPost("/api/partners/" + partnerId + "/meetings", map(
                "title", "Kick-off", "startsAt", "2025-07-01T09:00:00Z",
                "attendees", List.of(map("name", "Rana", "email", "rana@example.com"), map("email", "ops@example.com")),
                "agenda", List.of("Goals", "Package options"),
                "actionItems", List.of(map("title", "Send deck", "assignee", "admin-id", "dueDate", "2025-07-03"),
                        map("title", "Share logo")))).statusCode(201)
                .body("kind", equalTo("meeting")).body("meeting.title", equalTo("Kick-off"))
                .body("meeting.agenda", contains("Goals", "Package options"))
                .body("meeting.attendees.email", contains("rana@example.com", "ops@example.com"))
                .body("actionItems.title", contains("Send deck", "Share logo"))
                .body("actionItems[0].dueDate", equalTo("2025-07-03"))
                .body("actionItems[0].status", equalTo("open")).extract();
        String meetingId = created.path("id");
        List<String> actionIds = created.path("actionItems.id");
        assertTrue(created.header("Location").endsWith("/api/partners/" + partnerId + "/timeline/" + meetingId));

        JsonNode scheduled = data(KafkaEvents.await("engagement-events",
                r -> partnerId.equals(r.key()) && r.type().equals("partnerportal.MeetingScheduled.v1"), 1, WITHIN).get(0));
        assertEquals(meetingId, scheduled.get("meetingId").asText());
        assertEquals("2025-07-01T09:00:00Z", scheduled.get("startsAt").asText());
        assertEquals("rana@example.com", scheduled.get("attendees").get(0).get("email").asText());
        assertEquals(actionIds.get(0), scheduled.get("actionItemIds").get(0).asText());
        assertEquals("admin-id", scheduled.get("scheduledBy").asText());
        assertEquals(2, KafkaEvents.await("engagement-events",
                r -> partnerId.equals(r.key()) && r.type().equals("partnerportal.ActionItemCreated.v1"), 2, WITHIN).size());


        adminGet("/api/partners/" + partnerId + "/timeline?kind=meeting").statusCode(200).body("total", equalTo(1))
                .body("items[0].meeting.actionItemIds", contains(actionIds.toArray()));
        adminGet("/api/partners/" + partnerId + "/actions?status=open").statusCode(200).body("total", equalTo(2));

        // bad input writes nothing
        String other = newId();
        adminPost("/api/partners/" + other + "/meetings", map("title", "", "attendees", List.of(map("email", "nope")),
                "actionItems", List.of(map("title", "")))).statusCode(400)
                .body("errors.field", hasItems("title", "startsAt", "attendees[0].email", "actionItems[0].title"));
        assertEquals(0L, actions.count("partnerId", other).await().indefinitely());
        given().auth().oauth2(Tokens.partner(partnerId)).contentType(ContentType.JSON).body(map("title", "x"))
                .when().post("/api/partners/" + partnerId + "/meetings").then().statusCode(403);
    }

    @Test
    void actionItemsAreAssignedAndDoneByAnAdminThePartnerOrThePortal() {
        String partnerId = Fixtures.partner();
        String a1 = adminPost("/api/partners/" + partnerId + "/actions", map("title", "Sign MoU")).statusCode(201)
                .body("status", equalTo("open")).body("assignee", nullValue()).extract().path("id");
        String a2 = adminPost("/api/partners/" + partnerId + "/actions", map("title", "Send logo")).statusCode(201)
                .extract().path("id");
        String a3 = adminPost("/api/partners/" + partnerId + "/actions", map("title", "Pay invoice")).statusCode(201)
                .extract().path("id");

        patch(Tokens.admin(), a1, map("assignee", "rana@example.com", "dueDate", "2025-08-01")).statusCode(200)
                .body("assignee", equalTo("rana@example.com")).body("dueDate", equalTo("2025-08-01"))
                .body("status", equalTo("open"));
        patch(Tokens.admin(), a1, map("dueDate", "tomorrow", "colour", "red")).statusCode(400)
                .body("errors.field", hasItems("dueDate", "colour"));

        // the partner may only mark its own items done, and nothing else
        patch(Tokens.partner(newId()), a2, map("status", "done")).statusCode(404).contentType("application/problem+json");
        patch(Tokens.partner(partnerId), a2, map("title", "Mine now")).statusCode(403);
        patch(Tokens.partner(partnerId), a2, map("status", "done")).statusCode(200)
                .body("status", equalTo("done")).body("completedVia", equalTo("partner"))
                .body("completedBy", equalTo("partner-user-" + partnerId));
        given().auth().oauth2(Tokens.partner(partnerId)).when().get("/api/actions/" + a2).then().statusCode(200);
        given().auth().oauth2(Tokens.partner(newId())).when().get("/api/actions/" + a2).then().statusCode(404);

        // through the portal link: the gateway's portal JWT; another partner's item looks absent
        given().auth().oauth2(portal(newId())).when().post("/api/portal/tok/actions/" + a3 + "/done").then()
                .statusCode(404);
        given().auth().oauth2(portal(partnerId)).when().post("/api/portal/tok/actions/" + a3 + "/done").then()
                .statusCode(200).body("status", equalTo("done")).body("completedVia", equalTo("portal"));
        given().auth().oauth2(portal(partnerId)).when().post("/api/portal/tok/actions/" + a3 + "/done").then()
                .statusCode(200);
        given().auth().oauth2(Tokens.partner(partnerId)).when().post("/api/portal/tok/actions/" + a1 + "/done").then()
                .statusCode(403);
        patch(Tokens.admin(), a1, map("status", "done")).statusCode(200).body("completedVia", equalTo("admin"));

        List<KafkaEvents.Recorded> completed = KafkaEvents.await("engagement-events",
                r -> partnerId.equals(r.key()) && r.type().equals("partnerportal.ActionItemCompleted.v1"), 3, WITHIN);
        assertEquals(List.of("partner", "portal", "admin"),
                completed.stream().map(r -> data(r).get("completedVia").asText()).toList());
        KafkaEvents.await("engagement-events",
                r -> partnerId.equals(r.key()) && r.type().equals("partnerportal.ActionItemUpdated.v1"), 1, WITHIN);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> KafkaEvents.all("engagement-events")
                .stream().filter(r -> partnerId.equals(r.key()) && r.type().endsWith("ActionItemCompleted.v1")).count() == 3);

        // completions reach the timeline through the own-events projection, which the portal shows
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(portal(partnerId)).when()
                .get("/api/portal/tok/timeline").then().statusCode(200).body("total", equalTo(4)) // and partner_created
                .body("items.kind", hasItem("action_completed")));
        given().auth().oauth2(Tokens.admin()).when().get("/api/portal/tok/timeline").then().statusCode(403);
    }

    @Test
    void decisionsAreRecordedWithWhoAndWhen() {
        String partnerId = Fixtures.partner();
        adminPost("/api/partners/" + partnerId + "/decisions",
                map("title", "Go with Gold", "rationale", "Budget approved", "decidedAt", "2025-06-01T10:00:00Z"))
                .statusCode(201).body("kind", equalTo("decision")).body("decision.decidedBy", equalTo("admin-id"))
                .body("decision.decidedAt", equalTo("2025-06-01T10:00:00Z"));
        JsonNode d = data(KafkaEvents.await("engagement-events",
                r -> partnerId.equals(r.key()) && r.type().equals("partnerportal.DecisionRecorded.v1"), 1, WITHIN).get(0));
        assertEquals("Go with Gold", d.get("title").asText());
        assertEquals("admin-id", d.get("decidedBy").asText());
        adminPost("/api/partners/" + partnerId + "/decisions", map("rationale", "no title")).statusCode(400)
                .body("errors.field", hasItem("title"));
    }
}

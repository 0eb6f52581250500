package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.engagement.Fixtures.adminGet;
import static org.partnerportal.engagement.Fixtures.adminPost;
import static org.partnerportal.engagement.Fixtures.adminPut;
import static org.partnerportal.engagement.Fixtures.createEvent;
import static org.partnerportal.engagement.Fixtures.data;
import static org.partnerportal.engagement.Fixtures.eventsFor;
import static org.partnerportal.engagement.Fixtures.map;
import static org.partnerportal.engagement.Fixtures.newId;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.engagement.repository.EventRepository;
import org.partnerportal.engagement.repository.LinkRepository;
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
class EventsAndLinksTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    EventRepository events;
    @Inject
    LinkRepository links;

    private static Map<String, Object> hackathon(String name) {
        return map("name", name, "year", 2025, "outreachStartDate", "2025-01-15", "startDate", "2025-03-01",
                "endDate", "2025-03-02", "sponsorshipGoal", 20000,
                "tierConfigs", List.of(map("tierLabel", "Gold Sponsor", "defaultAmount", 5000),
                        map("tierKey", "Silver", "tierLabel", "Silver", "defaultAmount", 2500.5)),
                "notes", "Spring hackathon");
    }

    private long eventsNamed(String name) {
        return events.count("name", name).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void eventsAreValidatedAndTierKeysSlugged() {
        String name = "Hackathon " + newId();
        var created = adminPost("/api/events", hackathon(name)).statusCode(201)
                .body("name", equalTo(name)).body("year", equalTo(2025))
                .body("startDate", equalTo("2025-03-01")).body("sponsorshipGoal", equalTo(20000))
                .body("tierConfigs.tierKey", contains("gold_sponsor", "silver"))
                .body("tierConfigs.tierLabel", contains("Gold Sponsor", "Silver"))
                .body("tierConfigs[1].defaultAmount", equalTo(2500.5f))
                .body("archived", equalTo(false)).extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/events/" + id));
        adminGet("/api/events/" + id).statusCode(200).body("notes", equalTo("Spring hackathon"));

        String bad = "Bad " + newId();
        Map<String, Object> endBeforeStart = hackathon(bad);
        endBeforeStart.put("endDate", "2025-02-28");
        adminPost("/api/events", endBeforeStart).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("endDate"));
        Map<String, Object> negative = hackathon(bad);
        negative.put("sponsorshipGoal", -1);
        adminPost("/api/events", negative).statusCode(400).body("errors.field", hasItem("sponsorshipGoal"));
        Map<String, Object> badDate = hackathon(bad);
        badDate.put("startDate", "2025-13-01");
        adminPost("/api/events", badDate).statusCode(400).body("errors.field", hasItem("startDate"));
        Map<String, Object> dupTier = hackathon(bad);
        dupTier.put("tierConfigs", List.of(map("tierLabel", "Gold"), map("tierKey", "GOLD", "tierLabel", "Gold 2")));
        adminPost("/api/events", dupTier).statusCode(400).body("errors.field", hasItem("tierConfigs[1].tierKey"));
        Map<String, Object> badTier = hackathon(bad);
        badTier.put("tierConfigs", List.of(map("tierKey", "GOLD", "tierLabel", "", "defaultAmount", -5)));
        adminPost("/api/events", badTier).statusCode(400)
                .body("errors.field", hasItems("tierConfigs[0].tierLabel", "tierConfigs[0].defaultAmount"));
        adminPost("/api/events", map("year", 1999)).statusCode(400).body("errors.field", hasItems("name", "year"));
        assertEquals(0, eventsNamed(bad));

        // a null goal is allowed: the event has none
        Map<String, Object> noGoal = hackathon(name + " b");
        noGoal.put("sponsorshipGoal", null);
        adminPost("/api/events", noGoal).statusCode(201).body("sponsorshipGoal", nullValue());

        given().auth().oauth2(Tokens.partner(newId())).when().get("/api/events").then().statusCode(403);
        given().when().get("/api/events").then().statusCode(401);
    }

    @Test
    void patchMergesValidatesAndRenamesTheLinks() {
        String id = createEvent(hackathon("Patch " + newId()));
        String partnerId = Fixtures.partner();
        adminPut("/api/events/" + id + "/partners/" + partnerId, map("status", "pitched")).statusCode(201);

        given().auth().oauth2(Tokens.admin()).contentType("application/merge-patch+json")
                .body(map("name", "Renamed Hackathon", "sponsorshipGoal", null))
                .when().patch("/api/events/" + id).then().statusCode(200)
                .body("name", equalTo("Renamed Hackathon")).body("sponsorshipGoal", nullValue())
                .body("startDate", equalTo("2025-03-01")).body("version", equalTo(1));
        adminGet("/api/partners/" + partnerId + "/events").statusCode(200)
                .body("items[0].eventName", equalTo("Renamed Hackathon"));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(map("endDate", "2024-01-01"))
                .when().patch("/api/events/" + id).then().statusCode(400).body("errors.field", hasItem("endDate"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", "0")
                .body(map("notes", "stale")).when().patch("/api/events/" + id).then().statusCode(412);
        adminGet("/api/events/" + id).body("notes", equalTo("Spring hackathon")).body("version", equalTo(1));
    }

    @Test
    void oneLinkPerPairWithNormalizedStatusesAndPresetAmounts() {
        String eventId = createEvent(hackathon("Links " + newId()));
        String p1 = Fixtures.partner();
        String path = "/api/events/" + eventId + "/partners/" + p1;

        // a known alias, a preset tier: the default amount fills the missing one
        var first = adminPut(path, map("status", "Confirmed", "packageTier", "Gold Sponsor", "role", "Main sponsor",
                "followUpDate", "2025-02-01", "notes", "private")).statusCode(201)
                .body("id", equalTo(p1 + "::" + eventId))
                .body("status", equalTo("committed")).body("statusLabel", equalTo("Committed"))
                .body("packageTier", equalTo("gold_sponsor")).body("packageTierLabel", equalTo("Gold Sponsor"))
                .body("amount", equalTo(5000)).body("followUpDate", equalTo("2025-02-01")).extract();
        assertTrue(first.header("Location").endsWith(path));

        JsonNode added = data(KafkaEvents.await("engagement-events",
                r -> p1.equals(r.key()) && r.type().equals("partnerportal.EventPartnerAdded.v1"), 1, WITHIN).get(0));
        assertEquals(p1 + "::" + eventId, added.get("linkId").asText());
        assertEquals(eventId, added.get("eventId").asText());
        assertEquals(2025, added.get("eventYear").asInt());
        assertEquals("committed", added.get("status").asText());
        assertEquals("Main sponsor", added.get("role").asText());
        assertEquals(5000, added.get("amount").asInt());
        assertTrue(added.get("notes") == null, "notes stay private");

        // the second PUT updates the same link; an explicit amount beats the preset
        adminPut(path, map("status", "in conversation", "packageTier", "silver", "amount", 1200)).statusCode(200)
                .body("status", equalTo("negotiating")).body("packageTierLabel", equalTo("Silver"))
                .body("amount", equalTo(1200)).body("followUpDate", nullValue());
        // a custom status keeps a slug key and the typed label; a custom tier is allowed
        adminPut(path, map("status", "Waiting on Legal", "packageTier", "Community Booth")).statusCode(200)
                .body("status", equalTo("waiting_on_legal")).body("statusLabel", equalTo("Waiting on Legal"))
                .body("packageTier", equalTo("community_booth")).body("packageTierLabel", equalTo("Community Booth"))
                .body("amount", nullValue());
        // the same values again change nothing and announce nothing
        adminPut(path, map("status", "Waiting on Legal", "packageTier", "community booth")).statusCode(200);

        assertEquals(1L, links.count("partnerId", p1).await().indefinitely());
        List<String> types = KafkaEvents.await("engagement-events", r -> p1.equals(r.key()), 3, WITHIN).stream()
                .map(KafkaEvents.Recorded::type).toList();
        assertEquals(List.of("partnerportal.EventPartnerAdded.v1", "partnerportal.EventPartnerUpdated.v1",
                "partnerportal.EventPartnerUpdated.v1"), types);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3))
                .until(() -> eventsFor("engagement-events", p1).size() == 3);

        // bad input writes nothing
        adminPut(path, map("amount", -5)).statusCode(400).body("errors.field", hasItem("amount"));
        adminPut(path, map("followUpDate", "soon")).statusCode(400).body("errors.field", hasItem("followUpDate"));
        adminPut(path, map("status", "!!!")).statusCode(400).body("errors.field", hasItem("status"));
        adminPut("/api/events/" + newId() + "/partners/" + p1, map("status", "paid")).statusCode(404);
        adminGet("/api/events/" + eventId + "/partners/" + p1).statusCode(200).body("status", equalTo("waiting_on_legal"));
    }

    @Test
    void linksListFromBothSidesAndDeleteIsBlockedWhileTheyExist() {
        String e1 = createEvent(hackathon("Both sides " + newId()));
        String e2 = createEvent(hackathon("Other " + newId()));
        String p1 = Fixtures.partner();
        String p2 = Fixtures.partner();
        adminPut("/api/events/" + e1 + "/partners/" + p1, map("status", "paid", "amount", 100)).statusCode(201);
        adminPut("/api/events/" + e1 + "/partners/" + p2, map("status", "lead")).statusCode(201);
        adminPut("/api/events/" + e2 + "/partners/" + p1, map()).statusCode(201).body("status", equalTo("prospect"));

        adminGet("/api/events/" + e1 + "/partners").statusCode(200).body("total", equalTo(2))
                .body("items.partnerId", containsInAnyOrder(p1, p2));
        adminGet("/api/events/" + e1 + "/partners?status=Prospecting").statusCode(200).body("total", equalTo(1))
                .body("items[0].partnerId", equalTo(p2));
        adminGet("/api/partners/" + p1 + "/events").statusCode(200).body("total", equalTo(2))
                .body("items.eventId", containsInAnyOrder(e1, e2));

        given().auth().oauth2(Tokens.admin()).when().delete("/api/events/" + e1).then().statusCode(409)
                .contentType("application/problem+json").body("links", equalTo(2));

        given().auth().oauth2(Tokens.admin()).when().delete("/api/events/" + e1 + "/partners/" + p1).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).when().delete("/api/events/" + e1 + "/partners/" + p1).then().statusCode(404);
        JsonNode removed = data(KafkaEvents.await("engagement-events",
                r -> p1.equals(r.key()) && r.type().equals("partnerportal.EventPartnerRemoved.v1"), 1, WITHIN).get(0));
        assertEquals(e1, removed.get("eventId").asText());
        adminGet("/api/partners/" + p1 + "/events").body("total", equalTo(1));

        // linking again after a removal is a new first link: EventPartnerAdded again
        adminPut("/api/events/" + e1 + "/partners/" + p1, map("status", "paid")).statusCode(201);
        KafkaEvents.await("engagement-events",
                r -> p1.equals(r.key()) && r.type().equals("partnerportal.EventPartnerAdded.v1"), 3, WITHIN);

        given().auth().oauth2(Tokens.admin()).when().delete("/api/events/" + e1 + "/partners/" + p1).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).when().delete("/api/events/" + e1 + "/partners/" + p2).then().statusCode(204);
        // archiving is the normal way out, and an archived event takes no new links
        adminPost("/api/events/" + e2 + "/archive", map()).statusCode(200).body("archived", equalTo(true));
        adminPut("/api/events/" + e2 + "/partners/" + p2, map()).statusCode(409);
        adminGet("/api/events?archived=true&size=200").body("items.id", hasItem(e2));
        given().auth().oauth2(Tokens.admin()).when().delete("/api/events/" + e1).then().statusCode(204);
        adminGet("/api/events/" + e1).statusCode(404).contentType("application/problem+json");
    }
}

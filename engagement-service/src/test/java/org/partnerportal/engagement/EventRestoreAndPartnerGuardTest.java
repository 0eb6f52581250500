package org.partnerportal.engagement;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.engagement.Fixtures.adminGet;
import static org.partnerportal.engagement.Fixtures.adminPost;
import static org.partnerportal.engagement.Fixtures.adminPut;
import static org.partnerportal.engagement.Fixtures.createEvent;
import static org.partnerportal.engagement.Fixtures.map;
import static org.partnerportal.engagement.Fixtures.newId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.PartnerRefRepository;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** Events come back after archiving and carry seed 002's bridge fields; links and activity only for partners that exist. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class EventRestoreAndPartnerGuardTest {

    @Inject
    LinkRepository links;
    @Inject
    TimelineRepository timeline;
    @Inject
    ActionRepository actions;
    @Inject
    PartnerRefRepository partners;

    @Test
    void anArchivedEventIsRestoredAndTakesLinksAgain() {
        String partner = Fixtures.partner();
        String event = createEvent(map("name", "Restore " + newId(), "year", 2026, "linkedMainEventId", "main-77",
                "linkedMainEventYear", 2026));
        adminGet("/api/events/" + event).statusCode(200).body("linkedMainEventId", equalTo("main-77"))
                .body("linkedMainEventYear", equalTo(2026));
        adminPost("/api/events/" + event + "/archive", map()).statusCode(200).body("archived", equalTo(true));
        adminPut("/api/events/" + event + "/partners/" + partner, map("status", "committed", "amount", 900)).statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("restore it"));
        adminGet("/api/events?size=200").body("items.id", not(hasItem(event)));

        adminPost("/api/events/" + event + "/restore", map()).statusCode(200).body("archived", equalTo(false))
                .body("archivedAt", nullValue());
        adminPost("/api/events/" + event + "/restore", map()).statusCode(200).body("archived", equalTo(false));
        adminGet("/api/events?size=200").body("items.id", hasItem(event));
        adminPut("/api/events/" + event + "/partners/" + partner, map("status", "committed", "amount", 900)).statusCode(201);
        adminGet("/api/dashboard").statusCode(200).body("events.eventId", hasItem(event));
        adminPost("/api/events/" + newId() + "/restore", map()).statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theBridgeFieldsGoTogetherAndArePatched() {
        adminPost("/api/events", map("name", "Half " + newId(), "year", 2026, "linkedMainEventId", "main-1")).statusCode(400)
                .body("errors.field", hasItem("linkedMainEventYear"));
        String event = createEvent(map("name", "Bridge " + newId(), "year", 2026));
        RestAssured.given().auth().oauth2(Tokens.admin()).contentType("application/merge-patch+json")
                .body(map("linkedMainEventId", "main-9", "linkedMainEventYear", 2025)).when().patch("/api/events/" + event)
                .then().statusCode(200).body("linkedMainEventId", equalTo("main-9")).body("linkedMainEventYear", equalTo(2025));
        RestAssured.given().auth().oauth2(Tokens.admin()).contentType("application/merge-patch+json")
                .body("{\"linkedMainEventId\":null,\"linkedMainEventYear\":null}").when().patch("/api/events/" + event)
                .then().statusCode(200).body("linkedMainEventId", nullValue());
    }

    @Test
    void linksAndActivityAreRefusedForAPartnerThatDoesNotExist() {
        String event = createEvent(map("name", "Guard " + newId(), "year", 2026));
        String unknown = newId();
        String deleted = Fixtures.partner();
        KafkaEvents.publish(PartnerEvents.PARTNER_DELETED, deleted,
                "{\"partnerId\":\"" + deleted + "\",\"deletedAt\":\"" + Instant.now() + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> partners.findById(deleted).await().indefinitely().deleted);

        for (String partner : List.of(unknown, deleted)) {
            adminPut("/api/events/" + event + "/partners/" + partner, map("status", "paid", "amount", 5000)).statusCode(404)
                    .contentType("application/problem+json").body("type", endsWith("/not-found"));
            adminPost("/api/partners/" + partner + "/meetings", map("title", "Kick-off", "startsAt", "2026-07-01T09:00:00Z"))
                    .statusCode(404).contentType("application/problem+json");
            adminPost("/api/partners/" + partner + "/actions", map("title", "Send deck")).statusCode(404);
            adminPost("/api/partners/" + partner + "/decisions", map("title", "Go")).statusCode(404);
            adminPost("/api/partners/" + partner + "/communications", map("subject", "Call", "channel", "phone",
                    "direction", "outbound", "occurredAt", "2026-01-01T10:00:00Z")).statusCode(404);
            assertEquals(0L, links.count("partnerId", partner).await().indefinitely());
            assertEquals(0L, timeline.count("partnerId = ?1 and kind in ?2", partner,
                    List.of("communication", "meeting", "decision")).await().indefinitely());
            assertEquals(0L, actions.count("partnerId", partner).await().indefinitely());
        }
        // no orphan revenue reaches the dashboard
        adminGet("/api/events/" + event + "/partners").statusCode(200).body("total", equalTo(0));
        RestAssured.given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(map("title", "x"))
                .when().post("/api/partners/" + unknown + "/actions").then().statusCode(404);
    }
}

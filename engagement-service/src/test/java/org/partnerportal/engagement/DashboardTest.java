package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.partnerportal.engagement.Fixtures.adminGet;
import static org.partnerportal.engagement.Fixtures.adminPost;
import static org.partnerportal.engagement.Fixtures.adminPut;
import static org.partnerportal.engagement.Fixtures.createEvent;
import static org.partnerportal.engagement.Fixtures.map;
import static org.partnerportal.engagement.Fixtures.newId;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.EventType;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.testsupport.EventFixtures;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The dashboard on a known data set, with exact numbers. The profile freezes the clock on
 * Wednesday 2025-06-11 (Muscat), so the week runs to Sunday 2025-06-15, and gives the test a
 * database and a partner topic of its own so that no other test's data counts.
 */
@QuarkusTest
@TestProfile(DashboardTest.FixedClock.class)
@WithTestResource(PortalTestResource.class)
class DashboardTest {

    static final String PARTNER_TOPIC = "dashboard-test.partner-events";

    public static class FixedClock implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pp.engagement.fixed-clock", "2025-06-11T06:00:00Z",
                    "quarkus.mongodb.database", "engagement-dashboard-test",
                    "mp.messaging.incoming.partner-events.topic", PARTNER_TOPIC);
        }
    }

    /** {@code type}'s sample with these fields, on this test's own partner topic. */
    private static void partnerEvent(String partnerId, EventType<?> type, String timeField, String at) {
        KafkaEvents.publish(PARTNER_TOPIC, partnerId, type.ceType(), EventFixtures.json(type,
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"P " + partnerId.substring(0, 4) + "\",\"" + timeField
                        + "\":\"" + at + "\"}"));
    }

    @Test
    void theDashboardOnAKnownDataSet() {
        String p1 = newId(), p2 = newId(), p3 = newId(), p4 = newId(), p5 = newId();
        for (String p : List.of(p1, p2, p3, p4, p5)) {
            partnerEvent(p, PartnerEvents.PARTNER_CREATED, "createdAt", "2025-01-01T00:00:00Z");
        }
        partnerEvent(p4, PartnerEvents.PARTNER_ARCHIVED, "archivedAt", "2025-05-01T00:00:00Z");
        partnerEvent(p4, PartnerEvents.PARTNER_RESTORED, "restoredAt", "2025-04-01T00:00:00Z"); // late and older: ignored
        partnerEvent(p5, PartnerEvents.PARTNER_DELETED, "deletedAt", "2025-05-01T00:00:00Z");
        // links are taken only for partners this service knows (PartnerGuard)
        List.of(p1, p2, p3, p4).forEach(Fixtures::awaitPartner);

        String e1 = createEvent(map("name", "Hackathon", "year", 2025, "sponsorshipGoal", 20000,
                "tierConfigs", List.of(map("tierLabel", "Gold", "defaultAmount", 5000))));
        String e2 = createEvent(map("name", "Conference", "year", 2025));
        String e3 = createEvent(map("name", "Old Summit", "year", 2024, "sponsorshipGoal", 1000));

        link(e1, p1, map("status", "Confirmed", "packageTier", "gold", "followUpDate", "2025-06-10")); // overdue
        link(e1, p2, map("status", "paid", "amount", 3000, "followUpDate", "2025-06-09")); // closed: no follow-up
        link(e1, p3, map("status", "prospecting", "followUpDate", "2025-06-11")); // today
        link(e2, p1, map("status", "Waiting on Legal", "amount", 1000, "followUpDate", "2025-06-14")); // this week
        link(e2, p2, map("status", "declined", "amount", 500, "followUpDate", "2025-06-12")); // closed
        link(e2, p3, map("status", "negotiation", "amount", 2000.5, "followUpDate", "2025-06-16")); // next week
        link(e3, p1, map("status", "committed", "amount", 9999, "followUpDate", "2025-06-01"));
        link(e1, p4, map("status", "committed", "amount", 7777, "followUpDate", "2025-06-01"));
        given().auth().oauth2(Tokens.admin()).when().delete("/api/events/" + e1 + "/partners/" + p4).then().statusCode(204);
        adminPost("/api/events/" + e3 + "/archive", map()).statusCode(200);

        String a1 = adminPost("/api/partners/" + p1 + "/actions", map("title", "Overdue", "dueDate", "2025-06-01"))
                .statusCode(201).extract().path("id");
        String a2 = adminPost("/api/partners/" + p2 + "/actions", map("title", "Later", "dueDate", "2025-06-20"))
                .statusCode(201).extract().path("id");
        String a3 = adminPost("/api/partners/" + p3 + "/actions", map("title", "Undated")).statusCode(201)
                .extract().path("id");
        String a4 = adminPost("/api/partners/" + p3 + "/actions", map("title", "Done", "dueDate", "2025-06-02"))
                .statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(map("status", "done"))
                .when().patch("/api/actions/" + a4).then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> adminGet("/api/dashboard").statusCode(200)
                .body("partners.active", equalTo(3)).body("partners.archived", equalTo(1)));

        adminGet("/api/dashboard").statusCode(200)
                .body("today", equalTo("2025-06-11")).body("weekEnd", equalTo("2025-06-15"))
                .body("partners.total", equalTo(4))
                .body("totals.goal", equalTo(20000)).body("totals.committed", equalTo(8000))
                .body("totals.paid", equalTo(3000)).body("totals.links", equalTo(6))
                .body("events.name", contains("Conference", "Hackathon"))
                .body("events[1].goal", equalTo(20000)).body("events[1].committed", equalTo(8000))
                .body("events[1].paid", equalTo(3000)).body("events[1].goalProgress", equalTo(0.4f))
                .body("events[1].links", equalTo(3))
                .body("events[0].goal", nullValue()).body("events[0].committed", equalTo(0))
                .body("events[0].goalProgress", nullValue()).body("events[0].links", equalTo(3))
                .body("pipeline.status", contains("prospect", "contacted", "pitched", "negotiating", "committed",
                        "paid", "declined", "waiting_on_legal"))
                .body("pipeline.count", contains(1, 0, 0, 1, 1, 1, 1, 1))
                .body("pipeline.amount", contains(0, 0, 0, 2000.5f, 5000, 3000, 500, 1000))
                .body("pipeline[7].label", equalTo("Waiting on Legal"))
                .body("followUps.overdue", equalTo(1)).body("followUps.dueToday", equalTo(1))
                .body("followUps.dueThisWeek", equalTo(1))
                .body("followUps.next.partnerId", contains(p1, p3, p1))
                .body("followUps.next.followUpDate", contains("2025-06-10", "2025-06-11", "2025-06-14"))
                .body("actions.open", equalTo(3)).body("actions.overdue", equalTo(1))
                .body("actions.queue.id", contains(a1, a2, a3))
                .body("actions.queue.overdue", contains(true, false, false));

        given().auth().oauth2(Tokens.partner(p1)).when().get("/api/dashboard").then().statusCode(403)
                .contentType("application/problem+json");
    }

    private static void link(String eventId, String partnerId, Map<String, Object> body) {
        adminPut("/api/events/" + eventId + "/partners/" + partnerId, body).statusCode(201);
    }
}

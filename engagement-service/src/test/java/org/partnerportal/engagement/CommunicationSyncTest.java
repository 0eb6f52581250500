package org.partnerportal.engagement;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.engagement.Fixtures.adminGet;
import static org.partnerportal.engagement.Fixtures.adminPost;
import static org.partnerportal.engagement.Fixtures.createEvent;
import static org.partnerportal.engagement.Fixtures.data;
import static org.partnerportal.engagement.Fixtures.map;
import static org.partnerportal.engagement.Fixtures.newId;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Communications as seed 002 defines them: the event they are about, their source and provider,
 * the mail sync's import (deduplicated by provider + message id, grouped by thread), the
 * provider's status row, and follow-up dates on the partner and on the dashboard.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class CommunicationSyncTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    TimelineRepository timeline;

    private static String ago(long hours) {
        return Instant.now().minus(hours, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Map<String, Object> message(String partnerId, String messageId, String threadId, String subject,
            long hoursAgo) {
        Map<String, Object> m = map("partnerId", partnerId, "externalMessageId", messageId, "subject", subject,
                "direction", "inbound", "occurredAt", ago(hoursAgo));
        if (threadId != null) {
            m.put("externalThreadId", threadId);
        }
        return m;
    }

    /** The partner's communications (its timeline also holds partner_created). */
    private long stored(String partnerId) {
        return timeline.count("partnerId = ?1 and kind = ?2", partnerId, "communication").await()
                .atMost(Duration.ofSeconds(5));
    }

    @Test
    void aCommunicationNamesItsEventAndSourceAndOnlyForKnownPartnersAndEvents() {
        String partnerId = Fixtures.partner();
        String eventId = createEvent(map("name", "Comm Summit", "year", 2026));
        String id = adminPost("/api/partners/" + partnerId + "/communications", map("subject", "Package call",
                "channel", "phone", "direction", "outbound", "occurredAt", ago(1), "eventId", eventId,
                "externalThreadId", "thread-9"))
                .statusCode(201).body("communication.eventId", equalTo(eventId))
                .body("communication.source", equalTo("manual")).body("communication.externalThreadId", equalTo("thread-9"))
                .extract().path("id");
        JsonNode logged = data(KafkaEvents.await("engagement-events", r -> partnerId.equals(r.key()), 1, WITHIN).get(0));
        assertEquals(id, logged.get("communicationId").asText());
        assertEquals(eventId, logged.get("eventId").asText());
        assertEquals("manual", logged.get("source").asText());

        adminPost("/api/partners/" + partnerId + "/communications", map("subject", "Unknown event", "channel", "phone",
                "direction", "outbound", "occurredAt", ago(1), "eventId", newId()))
                .statusCode(422).contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("/unknown-event"));
        String nobody = newId();
        adminPost("/api/partners/" + nobody + "/communications", map("subject", "Nobody", "channel", "phone",
                "direction", "outbound", "occurredAt", ago(1)))
                .statusCode(404).contentType("application/problem+json");
        adminPost("/api/partners/" + partnerId + "/communications", map("subject", "Sync by hand", "channel", "email",
                "direction", "inbound", "occurredAt", ago(1), "source", "email_sync"))
                .statusCode(400).body("errors.field", hasItem("sourceProvider"));
        assertEquals(1, stored(partnerId));
        assertEquals(0, stored(nobody));
    }

    @Test
    void anImportIsDeduplicatedByProviderAndMessageIdGroupedByThreadAndTracked() {
        String p1 = Fixtures.partner();
        String p2 = Fixtures.partner();
        String provider = "gmail-" + newId().substring(0, 8);
        List<Map<String, Object>> first = List.of(
                message(p1, "<m1@mail>", "T1", "Sponsorship", 5),
                message(p1, "<m2@mail>", "T1", "Re: Sponsorship", 4),
                message(p2, "<m3@mail>", null, "Hello", 3));
        JsonPath run1 = adminPost("/api/communications/import", map("provider", provider, "messages", first))
                .statusCode(200).extract().jsonPath();
        assertEquals(3, run1.getInt("received"));
        assertEquals(3, run1.getInt("imported"));
        assertEquals(0, run1.getInt("duplicates"));
        assertEquals(2, run1.getInt("threads.find { it.threadId == 'T1' }.messages"));

        // the next run finds the same messages again and one new one in the thread
        List<Map<String, Object>> second = List.of(first.get(0), first.get(1), first.get(2),
                message(p1, "<m4@mail>", "T1", "Re: Re: Sponsorship", 2));
        JsonPath run2 = adminPost("/api/communications/import", map("provider", provider, "messages", second))
                .statusCode(200).extract().jsonPath();
        assertEquals(1, run2.getInt("imported"));
        assertEquals(3, run2.getInt("duplicates"));
        assertEquals(3, stored(p1));
        assertEquals(1, stored(p2));
        // the same message logged by hand under its provider lands on the imported row
        adminPost("/api/partners/" + p1 + "/communications", map("subject", "Sponsorship", "channel", "email",
                "direction", "inbound", "occurredAt", ago(5), "externalMessageId", "<m1@mail>", "sourceProvider", provider))
                .statusCode(200).header("Idempotent-Replayed", "true").body("communication.source", equalTo("email_sync"));

        JsonPath threads = adminGet("/api/partners/" + p1 + "/communications").statusCode(200).extract().jsonPath();
        assertEquals(1, threads.getList("$").size(), "one conversation");
        assertEquals("T1", threads.getString("[0].threadId"));
        assertEquals(3, threads.getInt("[0].messages"));
        assertEquals(List.of("Sponsorship", "Re: Sponsorship", "Re: Re: Sponsorship"), threads.getList("[0].items.title"));
        assertEquals(provider, threads.getString("[0].items[0].communication.sourceProvider"));

        JsonPath status = adminGet("/api/communications/sync-status").statusCode(200).extract().jsonPath();
        String row = "find { it.provider == '" + provider + "' }";
        assertEquals(2, status.getInt(row + ".runs"));
        assertEquals(4, status.getInt(row + ".lastReceived"));
        assertEquals(1, status.getInt(row + ".lastImported"));
        assertEquals(3, status.getInt(row + ".lastDuplicates"));
        assertEquals(4, status.getInt(row + ".totalImported"));
        org.junit.jupiter.api.Assertions.assertNull(status.get(row + ".lastError"));

        // a run naming an unknown partner is refused whole: nothing written, the error on the row
        String unknown = newId();
        adminPost("/api/communications/import", map("provider", provider, "messages",
                List.of(message(p2, "<m5@mail>", null, "Fine", 1), message(unknown, "<m6@mail>", null, "Orphan", 1))))
                .statusCode(422).contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString(unknown));
        assertEquals(1, stored(p2));
        adminGet("/api/communications/sync-status").statusCode(200)
                .body(row + ".lastError", org.hamcrest.Matchers.containsString(unknown))
                .body(row + ".runs", equalTo(3)).body(row + ".totalImported", equalTo(4));

        // a run that failed at the provider reports its error; bad fields are refused with their paths
        adminPost("/api/communications/import", map("provider", provider, "messages", List.of(), "error", "token expired"))
                .statusCode(200).body("imported", equalTo(0));
        adminGet("/api/communications/sync-status").statusCode(200).body(row + ".lastError", equalTo("token expired"));
        Map<String, Object> bad = message(p2, "<m7@mail>", null, "", 1);
        bad.put("direction", "sideways");
        adminPost("/api/communications/import", map("provider", "Not A Key", "messages", List.of(bad)))
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("provider")).body("errors.field", hasItem("messages[0].direction"))
                .body("errors.field", hasItem("messages[0].subject"));
        assertEquals(1, stored(p2));
    }

    @Test
    void followUpsOfCommunicationsShowOnThePartnerAndTheDashboardUntilTheNextTouch() {
        String partnerId = Fixtures.partner();
        String yesterday = LocalDate.now(ZoneId.of("UTC")).minusDays(1).toString();
        String id = adminPost("/api/partners/" + partnerId + "/communications", map("subject", "Send the deck",
                "channel", "email", "direction", "outbound", "occurredAt", ago(48), "followUpDate", yesterday))
                .statusCode(201).extract().path("id");
        adminGet("/api/partners/" + partnerId + "/follow-ups").statusCode(200)
                .body("find { it.id == '" + id + "' }.kind", equalTo("communication"))
                .body("find { it.id == '" + id + "' }.overdue", equalTo(true))
                .body("find { it.id == '" + id + "' }.date", equalTo(yesterday));
        adminGet("/api/dashboard").statusCode(200)
                .body("communicationFollowUps.next.id", hasItem(id))
                .body("communicationFollowUps.overdue", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        // the follow-up happened: a later communication closes it
        adminPost("/api/partners/" + partnerId + "/communications", map("subject", "Deck sent", "channel", "email",
                "direction", "outbound", "occurredAt", ago(1))).statusCode(201);
        adminGet("/api/partners/" + partnerId + "/follow-ups").statusCode(200).body("id", not(hasItem(id)));
        await().atMost(WITHIN).until(() -> !adminGet("/api/dashboard").extract().jsonPath()
                .getList("communicationFollowUps.next.id").contains(id));
        adminGet("/api/partners/" + newId() + "/follow-ups").statusCode(200).body("size()", equalTo(0))
                .body("[0]", nullValue());
    }
}

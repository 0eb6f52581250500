package org.partnerportal.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.notification.repository.PartnerRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.mongodb.client.model.Filters;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** A mass-mail template sent to the partner contacts of a selection: one personalised message each. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class MassMailingTest {

    @Inject
    PartnerRepository partners;

    private String partner(String name, String tier, String stage, String contactName, String contactEmail) {
        return partner(name, tier, stage, List.of(), contactName, contactEmail);
    }

    private String partner(String name, String tier, String stage, List<String> tags, String contactName, String contactEmail) {
        String id = unique("mp");
        Map<String, Object> contact = Map.of("name", contactName, "email", contactEmail);
        KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, id, json(Map.of("partnerId", id, "name", name,
                "tier", tier, "stage", stage, "primaryContact", contact, "tags", tags, "alumni", false,
                "createdBy", "admin", "createdAt", Instant.now().toString())));
        return id;
    }

    private static String template(String marker) {
        String key = "newsletter_" + marker.replace('-', '_');
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON)
                .body(Map.of("subject", "{eventName}: news for {partnerName}",
                        "textBody", "Dear {contactName},\n\nAs a {tier} partner of {eventName}, {partnerName} is invited. " + marker,
                        "variables", List.of(Map.of("name", "contactName", "required", true),
                                Map.of("name", "partnerName", "required", true), Map.of("name", "tier", "required", true),
                                Map.of("name", "eventName", "required", true))))
                .when().put("/api/notifications/templates/" + key + "/en")
                .then().statusCode(201);
        return key;
    }

    @Test
    void aMailingToFiftyContactsOfAnEventSendsFiftyPersonalisedMessagesOnce() {
        String marker = unique("m");
        String eventId = unique("event");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = partner("Partner " + i + " " + marker, "gold", "active", "Contact " + i, "mm-" + i + "-" + marker + "@example.com");
            ids.add(id);
            KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, id, json(Map.of("linkId", unique("l"),
                    "partnerId", id, "eventId", eventId, "eventName", "Hackathon", "status", "confirmed")));
        }
        // one of the event's partners is archived; another is known so far only from its link (its
        // PartnerCreated, on another topic, not read yet), so there is no contact address: neither is mailed
        String archived = partner("Archived " + marker, "gold", "active", "X", "archived-" + marker + "@example.com");
        String noAddress = unique("mp");
        for (String id : List.of(archived, noAddress)) {
            KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, id, json(Map.of("linkId", unique("l"),
                    "partnerId", id, "eventId", eventId)));
        }
        KafkaEvents.publish(PartnerEvents.PARTNER_ARCHIVED, archived,
                json(Map.of("partnerId", archived, "name", "Archived", "archivedBy", "admin", "archivedAt", Instant.now().toString())));
        await().atMost(Duration.ofSeconds(30)).until(() -> partners.mongoCollection()
                .countDocuments(Filters.and(Filters.eq("eventIds", eventId), Filters.ne("archived", true)))
                .await().atMost(Duration.ofSeconds(5)) == 51);

        String key = template(marker);
        String mailingKey = unique("mailing-key");
        String id = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", mailingKey)
                .body(Map.of("template", key, "eventIds", List.of(eventId), "variables", Map.of("eventName", "Hackathon 2030")))
                .when().post("/api/notifications/mailings")
                .then().statusCode(201).body("recipients", equalTo(50)).body("skippedPartnerIds", hasItem(noAddress))
                .extract().path("id");
        assertEquals(mailingKey, id);

        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(Tokens.admin())
                .when().get("/api/notifications/mailings/" + id).then().statusCode(200)
                .extract().jsonPath().getInt("deliveries.sent") == 50);
        for (int i = 0; i < 50; i++) {
            List<Mailbox.Received> inbox = Mailbox.of("mm-" + i + "-" + marker + "@example.com");
            assertEquals(1, inbox.size(), "one message for contact " + i);
            assertEquals("Hackathon 2030: news for Partner " + i + " " + marker, inbox.get(0).subject());
            assertTrue(inbox.get(0).text().startsWith("Dear Contact " + i + ",\r\n\r\nAs a gold partner of Hackathon 2030")
                    || inbox.get(0).text().startsWith("Dear Contact " + i + ",\n\nAs a gold partner of Hackathon 2030"), inbox.get(0).text());
        }
        assertTrue(Mailbox.of("archived-" + marker + "@example.com").isEmpty());

        // the throttle spread the rows out; the log shows one row per recipient
        List<Map<String, Object>> rows = given().auth().oauth2(Tokens.admin()).queryParam("mailingId", id).queryParam("size", 200)
                .when().get("/api/notifications/deliveries").then().statusCode(200).body("total", equalTo(50))
                .extract().jsonPath().getList("items");
        assertTrue(rows.stream().allMatch(r -> "sent".equals(r.get("status")) && ids.contains(r.get("partnerId"))));

        // the same request again (a retried POST) sends nothing more
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", mailingKey)
                .body(Map.of("template", key, "eventIds", List.of(eventId), "variables", Map.of("eventName", "Hackathon 2030")))
                .when().post("/api/notifications/mailings")
                .then().statusCode(200).body("deliveries.sent", equalTo(50));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> Mailbox.of("mm-0-" + marker + "@example.com").size() == 1);
    }

    @Test
    void aMailingSelectsByTierAndStageAndIsCheckedBeforeAnythingIsSent() {
        String marker = unique("t");
        // tiers are a closed set shared with every other test's partners: this test's partners also
        // carry a tag of their own, and every selection below names it
        List<String> tag = List.of(marker);
        String yes = partner("Yes " + marker, "gold", "nda_signed", tag, "Amal", "yes-" + marker + "@example.com");
        partner("Wrong stage " + marker, "gold", "draft", tag, "B", "no-" + marker + "@example.com");
        partner("Wrong tier " + marker, "silver", "nda_signed", tag, "C", "silver-" + marker + "@example.com");
        await().atMost(Duration.ofSeconds(15)).until(() -> partners.mongoCollection()
                .countDocuments(Filters.eq("tags", marker)).await().atMost(Duration.ofSeconds(5)) == 3);
        String key = template(marker);

        // a transactional template cannot be mass-mailed; a required value must be given; the selection must not be empty
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", "partner_invite", "tiers", List.of("gold"), "tags", tag))
                .when().post("/api/notifications/mailings").then().statusCode(422).body("type", org.hamcrest.Matchers.endsWith("not-mass-mail"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", key, "tiers", List.of("gold"), "tags", tag))
                .when().post("/api/notifications/mailings").then().statusCode(422).body("detail", org.hamcrest.Matchers.containsString("eventName"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", key, "tiers", List.of("platinum"), "tags", tag, "variables", Map.of("eventName", "E")))
                .when().post("/api/notifications/mailings").then().statusCode(422).body("type", org.hamcrest.Matchers.endsWith("no-recipients"));
        given().auth().oauth2(Tokens.partner("p1")).contentType(ContentType.JSON).body(Map.of("template", key))
                .when().post("/api/notifications/mailings").then().statusCode(403);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", key, "tiers", List.of("gold"), "stages", List.of("nda_signed", "mou_signed"),
                        "tags", tag, "variables", Map.of("eventName", "Summit")))
                .when().post("/api/notifications/mailings").then().statusCode(201).body("recipients", equalTo(1));
        Mailbox.Received mail = Mailbox.awaitOne("yes-" + marker + "@example.com", m -> true);
        assertEquals("Summit: news for Yes " + marker, mail.subject());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> Mailbox.of("no-" + marker + "@example.com").isEmpty()
                        && Mailbox.of("silver-" + marker + "@example.com").isEmpty());
        assertTrue(yes.startsWith("mp-"));
    }
}

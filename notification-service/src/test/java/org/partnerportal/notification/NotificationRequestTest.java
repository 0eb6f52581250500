package org.partnerportal.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.notification.Fixtures.awaitNotificationEvent;
import static org.partnerportal.notification.Fixtures.data;
import static org.partnerportal.notification.Fixtures.deliveriesOf;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.unique;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The private request topic: messages whose links carry a token. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class NotificationRequestTest {

    private static final String TYPE = "partnerportal.NotificationRequested.v1";

    @Test
    void aProposalInvitationCarriesItsTokenLinkOnlyInTheMessage() {
        String contact = unique("contact") + "@example.com";
        String token = "eyJ" + unique("secret-token");
        String partnerId = unique("p");
        String eventId = KafkaEvents.publish("notification-requests", partnerId, TYPE, json(Map.of(
                "template", "proposal_invitation", "to", List.of(contact), "partnerId", partnerId,
                "variables", Map.of("contactName", "Khalid", "partnerName", "Bank Sohar",
                        "proposalUrl", "http://localhost:8080/partnership/" + partnerId + "?token=" + token,
                        "bookingUrl", "https://cal.example/partnerships", "expiresAt", "2030-01-01"))));

        Mailbox.Received mail = Mailbox.awaitOne(contact, m -> true);
        assertTrue(mail.text().contains("?token=" + token), mail.text());
        assertTrue(mail.text().contains("https://cal.example/partnerships"), mail.text());

        String deliveryId = eventId + ":proposal_invitation:" + contact;
        var sent = awaitNotificationEvent("partnerportal.NotificationSent.v1", deliveryId);
        assertFalse(sent.data().contains(token), "a public event never carries a token");
        assertEquals(partnerId, data(sent).get("partnerId").asText());
        given().auth().oauth2(Tokens.admin()).queryParam("partnerId", partnerId)
                .when().get("/api/notifications/deliveries")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].status", equalTo("sent"))
                .body(not(containsString(token)));
    }

    @Test
    void aRequestInArabicUsesTheArabicTemplateAndFallsBackToEnglishWhereThereIsNone() {
        String contact = unique("ar") + "@example.com";
        KafkaEvents.publish("notification-requests", "p-ar", TYPE, json(Map.of("template", "portal_access", "to", contact,
                "lang", "ar", "variables", Map.of("contactName", "Fatma", "partnerName", "OCCI", "portalUrl", "http://x/portal/t"))));
        assertEquals("بوابة الشريك الخاصة بـ OCCI", Mailbox.awaitOne(contact, m -> true).subject());

        String admin = unique("agenda") + "@example.com";
        String eventId = KafkaEvents.publish("notification-requests", "p-ar", TYPE, json(Map.of("template",
                "proposal_first_view_alert", "recipients", List.of(admin), "lang", "ar", "audience", "admin",
                "variables", Map.of("partnerName", "Kick-off Co"))));
        assertEquals("Kick-off Co opened its proposal", Mailbox.awaitOne(admin, m -> true).subject());
        assertEquals("en", deliveriesOf(eventId).get(0).get("lang"));
    }

    @Test
    void aRequestThatCannotBeRenderedIsLoggedAsFailedAndNothingIsSent() {
        String contact = unique("incomplete") + "@example.com";
        String eventId = KafkaEvents.publish("notification-requests", "p-f", TYPE, json(Map.of("template", "portal_access",
                "to", contact, "variables", Map.of("contactName", "Nobody"))));
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveriesOf(eventId).size() == 1);
        Map<String, Object> row = deliveriesOf(eventId).get(0);
        assertEquals("failed", row.get("status"));
        assertTrue(String.valueOf(row.get("lastError")).contains("partnerName"), String.valueOf(row.get("lastError")));
        var failed = awaitNotificationEvent("partnerportal.NotificationFailed.v1", eventId);
        assertEquals(0, data(failed).get("attempts").asInt());

        String unknown = KafkaEvents.publish("notification-requests", "p-f", TYPE, json(Map.of("template", "no_such_template",
                "to", contact, "variables", Map.of())));
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveriesOf(unknown).size() == 1);
        assertEquals("failed", deliveriesOf(unknown).get(0).get("status"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> Mailbox.of(contact).isEmpty());

        given().auth().oauth2(Tokens.admin()).queryParam("status", "failed").queryParam("size", 200)
                .when().get("/api/notifications/deliveries")
                .then().statusCode(200).body("items.status", everyItem(equalTo("failed")));
    }

    @Test
    void aRequestWithoutTemplateOrRecipientGoesToTheDeadLetterTopic() {
        String marker = unique("bad-request");
        KafkaEvents.publishAll("notification-requests",
                List.of(KafkaEvents.Outgoing.breakingContract("p-dlq", TYPE, json(Map.of("variables", Map.of("m", marker))))));
        KafkaEvents.await("notification-requests.notification-service.dlq", r -> r.data() != null && r.data().contains(marker),
                1, Duration.ofSeconds(20));
    }
}

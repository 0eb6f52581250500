package org.partnerportal.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.notification.Fixtures.awaitNotificationEvent;
import static org.partnerportal.notification.Fixtures.data;
import static org.partnerportal.notification.Fixtures.deliveriesOf;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.unique;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.testsupport.LogCapture;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The SMTP server is down: messages are retried with back-off, then marked failed; once a server
 * listens on that port, what is still pending goes out.
 */
@QuarkusTest
@TestProfile(SmtpOutageTest.SmtpDown.class)
@WithTestResource(PortalTestResource.class)
class SmtpOutageTest {

    static final String PORT = "pp.test.smtp.outage.port";

    public static class SmtpDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", String.valueOf(port()),
                    "quarkus.mailer.username", "portal-mailer",
                    "quarkus.mailer.password", SECRET,
                    // its own database and consumer group: this application must not pick up the other tests' rows
                    "quarkus.mongodb.database", "notification-service-outage",
                    "pp.notification.max-attempts", "6",
                    "pp.notification.retry-backoff", "300ms",
                    "pp.notification.max-backoff", "1s");
        }
    }

    static synchronized int port() {
        String p = System.getProperty(PORT);
        if (p == null) {
            try (ServerSocket s = new ServerSocket(0)) {
                p = String.valueOf(s.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PORT, p);
        }
        return Integer.parseInt(p);
    }

    static final String SECRET = "a-long-smtp-secret-42";

    @Test
    void messagesAreRetriedWithBackOffThenFailAndPendingOnesGoOutOnceTheServerIsBack() {
        try (LogCapture log = LogCapture.of("")) {
            outage();
            // the SMTP secret is never logged, not even in part
            log.assertNoLineContains(List.of(SECRET, "secret-4"));
        }
        for (String path : List.of("/api/notifications/config", "/api/notifications/deliveries?size=200",
                "/api/notifications/templates")) {
            String body = given().auth().oauth2(Tokens.superAdmin()).when().get(path).then().statusCode(200).extract().asString();
            assertFalse(body.contains(SECRET) || body.contains("secret-4"), path + " shows the secret");
        }
    }

    private void outage() {
        String contact = unique("outage") + "@example.com";
        String first = KafkaEvents.publish(NotificationRequests.NOTIFICATION_REQUESTED, "p-out",
                json(Map.of("template", "portal_access", "recipients", List.of(Map.of("email", contact)), "partnerId", "p-out",
                        "variables", Map.of("contactName", "A", "partnerName", "B", "portalUrl", "http://x/portal/t"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesOf(first).size() == 1
                && "failed".equals(deliveriesOf(first).get(0).get("status")));
        Map<String, Object> row = deliveriesOf(first).get(0);
        assertEquals(6, row.get("attempts"));
        assertTrue(String.valueOf(row.get("lastError")).toLowerCase().contains("connect"), String.valueOf(row.get("lastError")));
        var failed = awaitNotificationEvent("partnerportal.NotificationFailed.v1", first);
        assertEquals(6, data(failed).get("attempts").asInt());

        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/config")
                .then().statusCode(200).body("password", equalTo("********42")).body("username", equalTo("portal-mailer"))
                .body("lastFailureAt", notNullValue()).body("lastError", notNullValue());

        // a second message fails its first attempt, then the server comes up and it is sent
        String second = KafkaEvents.publish(NotificationRequests.NOTIFICATION_REQUESTED, "p-out",
                json(Map.of("template", "portal_access", "recipients", List.of(Map.of("email", contact)), "partnerId", "p-out",
                        "variables", Map.of("contactName", "A", "partnerName", "B", "portalUrl", "http://x/portal/t"))));
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveriesOf(second).size() == 1
                && ((Number) deliveriesOf(second).get(0).get("attempts")).intValue() >= 1);
        GreenMail server = MailServerResource.start(new ServerSetup(port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(deliveriesOf(second).get(0).get("status")));
            assertTrue(((Number) deliveriesOf(second).get(0).get("attempts")).intValue() >= 2);
            assertEquals(1, Mailbox.of(contact, server.getImap().getPort()).size(), "only the pending message, not the failed one");
            awaitNotificationEvent("partnerportal.NotificationSent.v1", second);
        } finally {
            server.stop();
        }
    }
}

package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A process that dies between its database write and the Kafka send loses nothing and sends
 * nothing twice: partner-service runs with its outbox relay off (so the request is stored with
 * its pending event and not published), is killed with SIGKILL, and comes back with the relay on.
 * The event then arrives exactly once, and so does the admins' e-mail. Then the MongoDB-wire
 * server itself is killed the same way, and the data is still there when it comes back.
 */
class OutboxCrashIT {

    private static final Duration LAUNCH = Duration.ofMinutes(3);

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    @AfterAll
    static void leaveItRunning() {
        // whatever happened above, later tests find the whole stack up
        Stack.launcher(LAUNCH, "start", "partner-service");
        Stack.launcher(LAUNCH, "start", "mongo");
    }

    private static long eventsFor(String requestId) {
        return Topic.read("partner-events").stream()
                .filter(e -> "partnerportal.AccessRequested.v1".equals(e.type())
                        && requestId.equals(e.data().path("requestId").asText()))
                .count();
    }

    private static long mailsAbout(String company) {
        return Mailbox.of("admin@partnerportal.test").stream().filter(m -> m.text().contains(company)).count();
    }

    @Test
    void requestStoredBeforeACrashIsPublishedExactlyOnceAfterRestart() {
        Stack.launcher(LAUNCH, "stop", "partner-service");
        Stack.launcher(Map.of("PP_OUTBOX_ENABLED", "false"), LAUNCH, "start", "partner-service");

        String company = "Crash Test Dummies " + UUID.randomUUID().toString().substring(0, 6);
        String id = AccessFlowIT.register("Salim Al-Kindi", "salim." + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com", company, "Stored, not yet published.");
        given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin"))
                .when().get("/api/access-requests/" + id)
                .then().statusCode(200).body("status", equalTo("pending"));
        assertEquals(0, eventsFor(id), "the relay is off: nothing may have been published yet");

        Stack.launcher(LAUNCH, "stop", "partner-service", "--kill");
        Stack.launcher(LAUNCH, "start", "partner-service");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> eventsFor(id) == 1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> mailsAbout(company) == 1);
        // and it stays at one: no second publication, no second e-mail. Both counts only ever grow,
        // so one look 5 s later proves it; the look itself may be slow (it reads the whole topic and
        // mailbox, which earlier tests such as FuzzIT have filled).
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> eventsFor(id) == 1 && mailsAbout(company) == 1);
    }

    @Test
    void storedRequestsSurviveAKilledDatabaseServer() {
        String company = "Durable Data " + UUID.randomUUID().toString().substring(0, 6);
        String id = AccessFlowIT.register("Aisha Al-Said", "aisha." + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com", company, "Please keep this.");

        Stack.launcher(LAUNCH, "stop", "mongo", "--kill");
        Stack.launcher(LAUNCH, "start", "mongo");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin"))
                        .when().get("/api/access-requests/" + id)
                        .then().statusCode(200).body("company", equalTo(company)));
        assertTrue(Topic.read("partner-events").stream().anyMatch(e -> id.equals(e.data().path("requestId").asText())));
    }
}

package org.partnerportal.notification;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/** Small builders shared by the notification-service tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_INBOX = "admin@partnerportal.test";

    private Fixtures() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode data(KafkaEvents.Recorded r) {
        try {
            return JSON.readTree(r.data());
        } catch (Exception e) {
            throw new AssertionError("event data is not JSON: " + r.data(), e);
        }
    }

    /** The log's rows for one source event. */
    static List<Map<String, Object>> deliveriesOf(String eventId) {
        return given().auth().oauth2(Tokens.admin()).queryParam("eventId", eventId).queryParam("size", 200)
                .when().get("/api/notifications/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    static List<KafkaEvents.Recorded> notificationEventsAbout(String text) {
        return KafkaEvents.all("notification-events").stream().filter(r -> r.data() != null && r.data().contains(text)).toList();
    }

    static KafkaEvents.Recorded awaitNotificationEvent(String type, String text) {
        return KafkaEvents.await("notification-events", r -> type.equals(r.type()) && r.data().contains(text), 1,
                Duration.ofSeconds(20)).get(0);
    }
}

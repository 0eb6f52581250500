package org.partnerportal.partner;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;

/** Small builders shared by the partner-service tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> partnerBody(String name) {
        return Map.of("name", name, "description", "A partner used by the tests of partner-service.",
                "industry", "Software", "tier", "gold",
                "contacts", List.of(Map.of("name", "Primary Person", "email", "primary@" + name.toLowerCase().replace(' ', '-') + ".test",
                        "role", "Partnership lead", "isPrimary", true)));
    }

    /** A valid creation body that a test may change before sending. */
    static Map<String, Object> body(String name) {
        Map<String, Object> contact = new java.util.HashMap<>(Map.of("name", "Primary Person",
                "email", "primary@" + name.toLowerCase().replaceAll("[^a-z0-9]+", "-") + ".test",
                "role", "Partnership lead", "isPrimary", true));
        Map<String, Object> b = new java.util.HashMap<>(Map.of("name", name,
                "description", "A partner used by the tests of partner-service.", "industry", "Software",
                "tier", "gold"));
        b.put("contacts", new java.util.ArrayList<>(List.of(contact)));
        return b;
    }

    static String create(Map<String, Object> body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/partners")
                .then().statusCode(201).extract().path("id");
    }

    static io.restassured.response.ValidatableResponse getPartner(String id) {
        return given().auth().oauth2(Tokens.admin()).when().get("/api/partners/" + id).then();
    }

    static Map<String, Object> contact(String name, String email, boolean primary) {
        return new java.util.HashMap<>(Map.of("name", name, "email", email, "role", "Sponsor manager",
                "isPrimary", primary));
    }

    static String createPartner(String name) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(partnerBody(name))
                .when().post("/api/partners")
                .then().statusCode(201).extract().path("id");
    }

    static List<KafkaEvents.Recorded> eventsAbout(String text) {
        return KafkaEvents.all("partner-events").stream().filter(r -> r.data() != null && r.data().contains(text)).toList();
    }

    static KafkaEvents.Recorded awaitEvent(String type, String text) {
        return KafkaEvents.await("partner-events", r -> type.equals(r.type()) && r.data().contains(text), 1,
                Duration.ofSeconds(15)).get(0);
    }

    static JsonNode data(KafkaEvents.Recorded r) {
        try {
            return JSON.readTree(r.data());
        } catch (Exception e) {
            throw new AssertionError("event data is not JSON: " + r.data(), e);
        }
    }
}

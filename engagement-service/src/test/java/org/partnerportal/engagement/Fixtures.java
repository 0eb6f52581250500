package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.engagement.repository.PartnerRefRepository;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Small builders shared by the engagement-service tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * A partner as partner-service announces it (PartnerCreated), once this service's projection
     * has it: links, communications, meetings, actions and decisions are only taken for such partners.
     */
    static String partner() {
        String id = newId();
        KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, id, "{\"partnerId\":\"" + id
                + "\",\"name\":\"Partner " + id.substring(0, 8) + "\",\"createdAt\":\"" + Instant.now() + "\"}");
        awaitPartner(id);
        // and its partner_created timeline row, so that a test's own rows come after it, always
        TimelineRepository timeline = Arc.container().instance(TimelineRepository.class).get();
        Awaitility.await("the partner_created row of " + id).atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> timeline.count("partnerId", id).await().indefinitely() > 0);
        return id;
    }

    /** Waits until this service's partner projection holds the partner. */
    static void awaitPartner(String id) {
        PartnerRefRepository refs = Arc.container().instance(PartnerRefRepository.class).get();
        Awaitility.await("the partner projection of " + id).atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> refs.findById(id).await().indefinitely() != null);
    }

    /** An AccessApproved event as partner-service publishes it. */
    static String accessApproved(String partnerId, String name, String email, String notes, Instant reviewedAt) {
        ObjectNode d = JSON.createObjectNode()
                .put("requestId", newId()).put("partnerId", partnerId).put("partnerName", "Sohar Robotics")
                .put("name", name).put("email", email).put("company", "Sohar Robotics").put("notes", notes)
                .put("reviewedBy", "admin-id").put("reviewedAt", reviewedAt.toString())
                .put("portalUrl", "http://localhost:8080/partner");
        return d.toString();
    }

    static String publishAccessApproved(String eventId, String partnerId, String name, String email, Instant at) {
        return KafkaEvents.publish(PartnerEvents.ACCESS_APPROVED, partnerId, eventId,
                accessApproved(partnerId, name, email, "Welcome aboard", at));
    }

    static ValidatableResponse timelineAsAdmin(String partnerId) {
        return given().auth().oauth2(Tokens.admin()).when().get("/api/partners/" + partnerId + "/timeline").then();
    }

    static int timelineTotal(String partnerId) {
        return timelineAsAdmin(partnerId).statusCode(200).extract().path("total");
    }

    static ValidatableResponse adminPost(String path, Object body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    static ValidatableResponse adminPut(String path, Object body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).when().put(path).then();
    }

    static ValidatableResponse adminGet(String path) {
        return given().auth().oauth2(Tokens.admin()).when().get(path).then();
    }

    /** The internal JWT the gateway sends for a verified portal link of this partner. */
    static String portal(String partnerId) {
        return Tokens.builder("portal:" + partnerId, Set.of("portal"), partnerId, "portal").claim("keyVersion", 1)
                .jws().keyId("internal-1").sign(Tokens.privateKey());
    }

    /** Creates an event and returns its id. */
    static String createEvent(Map<String, Object> body) {
        return adminPost("/api/events", body).statusCode(201).extract().path("id");
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<KafkaEvents.Recorded> eventsFor(String topic, String key) {
        return KafkaEvents.all(topic).stream().filter(r -> key.equals(r.key())).toList();
    }

    static JsonNode data(KafkaEvents.Recorded r) {
        try {
            return JSON.readTree(r.data());
        } catch (Exception e) {
            throw new AssertionError("event data is not JSON: " + r.data(), e);
        }
    }
}

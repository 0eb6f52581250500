package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.partner.Fixtures.unique;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.EventType;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.partner.domain.Stage;
import org.partnerportal.partner.domain.Tier;
import org.partnerportal.testsupport.EventContract;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.ValidationMessage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The published contract: what really leaves on {@code partner-events}, driven through the HTTP
 * API, matches the JSON Schema of its {@code ce_type} in {@code META-INF/asyncapi/partner-events/},
 * and the schemas, the AsyncAPI document and {@link PartnerEvents} describe the same types.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class EventSchemaTest {

    private static final EventContract CONTRACT = EventContract.of(PartnerEvents.TOPIC, "partner-service");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The types PartnerEvents declares. */
    private static Set<String> publishedTypes() {
        return EventContract.names(PartnerEvents.ALL);
    }

    private static Set<ValidationMessage> validate(String type, JsonNode data) {
        return CONTRACT.validate(type, data);
    }

    private static String typeOf(KafkaEvents.Recorded r) {
        return EventContract.typeOf(r);
    }

    @Test
    void everyPayloadRecordHasASchemaThatNamesAllItsFieldsAndTheDomainsEnums() {
        Set<String> types = publishedTypes();
        assertEquals(10, types.size(), "PartnerEvents: " + types);
        // the declared list is complete: one type per payload record (but the shared ContactRef)
        assertEquals(Arrays.stream(PartnerEvents.class.getDeclaredClasses()).filter(Class::isRecord)
                .filter(c -> c != PartnerEvents.ContactRef.class).collect(Collectors.toSet()),
                PartnerEvents.ALL.stream().map(EventType::payload).collect(Collectors.toSet()));
        CONTRACT.assertDeclares(PartnerEvents.ALL);
        List<String> tiers = Arrays.stream(Tier.values()).map(Tier::key).toList();
        List<String> stages = Arrays.stream(Stage.values()).map(Stage::key).toList();
        for (Class<?> c : PartnerEvents.class.getDeclaredClasses()) {
            if (!c.isRecord() || c == PartnerEvents.ContactRef.class) {
                continue;
            }
            String type = c.getSimpleName();
            CONTRACT.assertDescribes(type, c);
            JsonNode doc = CONTRACT.schemaDocument(type);
            Set<String> fields = Arrays.stream(c.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            for (String tierField : List.of("tier")) {
                if (fields.contains(tierField)) {
                    assertEquals(tiers, enumOf(doc, tierField), type + "." + tierField);
                }
            }
            for (String stageField : List.of("stage", "from", "to")) {
                if (fields.contains(stageField)) {
                    assertEquals(stages, enumOf(doc, stageField), type + "." + stageField);
                }
            }
        }
    }

    private static List<String> enumOf(JsonNode doc, String field) {
        List<String> out = new ArrayList<>();
        doc.path("properties").path(field).path("enum").forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void theAsyncApiDocumentListsEveryPublishedTypeWithItsSchema() throws IOException {
        CONTRACT.assertAsyncApiLists(publishedTypes());
        JsonNode api;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("META-INF/asyncapi/asyncapi.yaml")) {
            api = new YAMLMapper().readTree(in);
        }
        for (String consumed : List.of("engagement-events", "nda-events")) {
            assertTrue(api.path("channels").path(consumed).path("messages").size() > 0, consumed);
        }
        Set<String> receives = new HashSet<>();
        api.path("operations").forEach(op -> {
            if ("receive".equals(op.path("action").asText())) {
                receives.add(op.path("channel").path("$ref").asText());
            }
        });
        assertTrue(receives.containsAll(List.of("#/channels/engagement-events", "#/channels/nda-events")), receives.toString());
    }

    @Test
    void whatTheRealFlowsPublishMatchesTheSchemas() {
        // --- partners: create, patch (conditional), move, invite, close, archive, restore ---
        String name = unique("Schema Partner");
        Map<String, Object> body = Fixtures.body(name);
        body.put("tags", List.of("Hackathon 2026"));
        body.put("website", "https://schema.example.com");
        String partnerId = Fixtures.create(body);
        String etag = Fixtures.getPartner(partnerId).statusCode(200).extract().header("ETag");
        given().auth().oauth2(Tokens.admin()).contentType("application/merge-patch+json").header("If-Match", etag)
                .body(Map.of("alumni", true, "tier", "platinum", "notes", "Met at the fair"))
                .when().patch("/api/partners/" + partnerId).then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("stage", "proposal_sent"))
                .when().put("/api/partners/" + partnerId + "/stage").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("email", "Invitee@Schema.example.com", "name", "Ivo Invitee"))
                .when().post("/api/partners/" + partnerId + "/invites").then().statusCode(202);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("outcome", "stalled", "reason", "Budget frozen until Q3"))
                .when().post("/api/partners/" + partnerId + "/close").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).when().post("/api/partners/" + partnerId + "/archive").then()
                .statusCode(200).body("archived", equalTo(true));
        given().auth().oauth2(Tokens.admin()).when().post("/api/partners/" + partnerId + "/restore").then()
                .statusCode(200).body("archived", equalTo(false));

        // --- a partner without history: deleted ---
        String doomed = Fixtures.create(Fixtures.body(unique("Schema Doomed")));
        given().auth().oauth2(Tokens.admin()).when().delete("/api/partners/" + doomed).then().statusCode(204);

        // --- access requests: one naming the partner (approved), one without (denied) ---
        String approvedId = register(unique("schema-approve") + "@example.com", "Schema Approve Co", partnerId);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("notes", "Welcome"))
                .when().post("/api/access-requests/" + approvedId + "/approve").then().statusCode(200)
                .body("status", equalTo("approved"));
        String deniedId = register(unique("schema-deny") + "@example.com", "Schema Deny Co", null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/access-requests/" + deniedId + "/deny").then().statusCode(200)
                .body("status", equalTo("denied"));

        // --- what went out, by Kafka key (partnerId, or the request id without a partner) ---
        Set<String> keys = Set.of(partnerId, doomed, deniedId);
        Set<String> expected = publishedTypes();
        List<KafkaEvents.Recorded>[] seen = new List[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = KafkaEvents.all(PartnerEvents.TOPIC).stream().filter(r -> keys.contains(r.key())).toList();
            return seen[0].stream().map(EventSchemaTest::typeOf).collect(Collectors.toSet()).containsAll(expected);
        });

        CONTRACT.assertPublishedMatch(seen[0], expected);

        // the keys the contract promises
        assertEquals(Set.of(partnerId), keysOf(seen[0], "AccessRequested", approvedId));
        assertEquals(Set.of(deniedId), keysOf(seen[0], "AccessRequested", deniedId));
        assertEquals(Set.of(deniedId), keysOf(seen[0], "AccessDenied", deniedId));
        assertEquals(Set.of(partnerId), keysOf(seen[0], "AccessApproved", approvedId));
        assertEquals(Set.of(doomed), keysOf(seen[0], "PartnerDeleted", doomed));
    }

    private static Set<String> keysOf(List<KafkaEvents.Recorded> records, String type, String marker) {
        return records.stream().filter(r -> typeOf(r).equals(type) && r.data().contains(marker))
                .map(KafkaEvents.Recorded::key).collect(Collectors.toSet());
    }

    private static String register(String email, String company, String partnerId) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "Schema Requester", "email", email,
                "company", company, "message", "Please let us in."));
        if (partnerId != null) {
            body.put("partnerId", partnerId);
        }
        return given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON).body(body)
                .when().post("/api/partner/register").then().statusCode(202).extract().path("id");
    }

    /** The validator is not a rubber stamp: each kind of breakage is caught, additions are not. */
    @Test
    void aBrokenPayloadFailsValidation() {
        ObjectNode valid = JSON.createObjectNode()
                .put("partnerId", "p-1").put("name", "Valid Partner").put("industry", "Software")
                .put("tier", "gold").put("stage", "draft").put("alumni", false).put("demo", false)
                .put("createdBy", "admin-id").put("createdAt", "2026-03-01T10:15:30.123Z");
        valid.putObject("primaryContact").put("name", "Primary Person").put("email", "primary@valid.example.com");
        valid.putArray("tags").add("hackathon-2026").add("alumni-partner");
        assertEquals(Set.of(), validate("PartnerCreated", valid), "the reference payload is valid");

        assertRejected("PartnerCreated", valid, d -> d.remove("partnerId"), "partnerId");
        assertRejected("PartnerCreated", valid, d -> d.put("tier", "diamond"), "tier");
        assertRejected("PartnerCreated", valid, d -> d.put("stage", "pending"), "stage");
        assertRejected("PartnerCreated", valid, d -> d.put("alumni", "yes"), "alumni");
        assertRejected("PartnerCreated", valid, d -> d.put("createdAt", "yesterday"), "createdAt");
        assertRejected("PartnerCreated", valid, d -> ((ObjectNode) d.get("primaryContact")).put("email", "not-an-email"),
                "email");
        assertRejected("PartnerCreated", valid, d -> ((ObjectNode) d.get("primaryContact")).put("email", "two@@ats.example.com"),
                "email");
        assertRejected("PartnerCreated", valid, d -> d.putArray("tags").add("Not A Slug"), "tags");
        assertRejected("PartnerCreated", valid, d -> d.remove("primaryContact"), "primaryContact");

        ObjectNode invited = JSON.createObjectNode().put("partnerId", "p-1").put("partnerName", "Valid Partner")
                .put("email", "invitee@example.com").putNull("name")
                .put("registerUrl", "http://localhost:8080/partner/register?partnerId=p-1")
                .put("invitedBy", "admin-id").put("invitedAt", "2026-03-01T10:15:30Z");
        assertEquals(Set.of(), validate("PartnerInvited", invited));
        assertRejected("PartnerInvited", invited, d -> d.put("registerUrl", "not a uri"), "registerUrl");

        // add-only evolution: a field a newer producer adds does not break an older schema
        ObjectNode added = valid.deepCopy().put("someFutureField", 42);
        assertEquals(Set.of(), validate("PartnerCreated", added));
    }

    private static void assertRejected(String type, ObjectNode valid, Consumer<ObjectNode> breakIt, String mentions) {
        ObjectNode broken = valid.deepCopy();
        breakIt.accept(broken);
        Set<ValidationMessage> errors = validate(type, broken);
        assertFalse(errors.isEmpty(), type + " accepted a broken payload: " + broken);
        assertTrue(errors.stream().anyMatch(m -> m.getMessage().contains(mentions)),
                type + ": expected an error about " + mentions + ", got " + errors);
    }
}

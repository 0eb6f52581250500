package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.partnerportal.nda.messaging.NdaEvents;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The contract of the events this hardening added to {@code nda-events}: each has a JSON Schema in
 * {@code META-INF/asyncapi/nda-events/}, listed in {@code asyncapi.yaml}, that names exactly its
 * record's fields, and what really leaves on the topic validates against it.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class NewEventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static JsonNode document(String type) throws Exception {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("META-INF/asyncapi/nda-events/" + type + ".v1.json")) {
            assertNotNull(in, "a schema for " + type);
            return JSON.readTree(in);
        }
    }

    private static void contract(Class<?> record, String published) throws Exception {
        String type = record.getSimpleName();
        JsonNode doc = document(type);
        assertEquals("partnerportal." + type + ".v1", doc.path("title").asText());
        Set<String> described = new HashSet<>();
        doc.path("properties").fieldNames().forEachRemaining(described::add);
        assertEquals(Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet()),
                described, type + ": the schema names exactly the record's fields");
        String asyncapi;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("META-INF/asyncapi/asyncapi.yaml")) {
            asyncapi = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(asyncapi.contains("./nda-events/" + type + ".v1.json") && asyncapi.contains("$ref: '#/components/messages/" + type + "'"),
                type + " is in asyncapi.yaml");
        JsonSchema schema = FACTORY.getSchema(doc, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        var errors = schema.validate(JSON.readTree(published));
        assertTrue(errors.isEmpty(), type + ": " + errors + " in " + published);
    }

    @Test
    void theRotationAndTheDemoResetEventsMatchTheirSchemas() throws Exception {
        String id = Fixtures.demoPartner("Schema Demo");
        given().auth().oauth2(Tokens.admin()).post("/api/partners/" + id + "/portal-access/rotate").then().statusCode(200);
        given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + id + "/reset").then().statusCode(200);
        for (KafkaEvents.Recorded r : Fixtures.events("nda-events", id, "PortalKeyRotated", 2)) {
            contract(NdaEvents.PortalKeyRotated.class, r.data());
        }
        contract(NdaEvents.DemoResetRequested.class, Fixtures.events("nda-events", id, "DemoResetRequested", 1).get(0).data());
    }
}

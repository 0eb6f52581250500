package org.partnerportal.gateway.docs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The documents as a browser or a code generator gets them from the running gateway. */
@QuarkusTest
@WithTestResource(DocsTestResource.class)
class ApiDocsTest {

    @Test
    void mergedOpenApiDocumentOfTheReachableServicesWithTheMissingOneReported() throws Exception {
        String body = given().when().get("/q/openapi?format=json")
                .then().statusCode(200).contentType(startsWith("application/json")).extract().asString();
        JsonNode doc = new ObjectMapper().readTree(body);
        assertEquals("Partner Portal API", doc.at("/info/title").asText());
        // partner-, engagement- and nda-service merged, each operation with the gateway's credential
        assertEquals("[{\"bearer\":[]}]", doc.at("/paths/~1api~1partners/get/security").toString());
        assertEquals("partner-service", doc.at("/paths/~1api~1partners/get/x-service").asText());
        assertEquals("engagement-service", doc.at("/paths/~1api~1partners~1{id}~1timeline/get/x-service").asText());
        assertEquals("[{\"proposalLink\":[]},{\"proposalLinkHeader\":[]}]",
                doc.at("/paths/~1api~1proposals~1{id}/get/security").toString());
        assertFalse(doc.get("paths").has("/api/internal/reindex"));
        assertTrue(doc.at("/components/schemas").has("nda-service.Problem"));
        // notification-service is down: served anyway, and said so
        assertEquals("notification-service", doc.at("/x-partial/unavailable/0/service").asText());
        assertEquals("unavailable", doc.at("/x-services/notification-service/status").asText());
    }

    @Test
    void yamlByDefaultAndCachedBetweenRequests() throws Exception {
        given().when().get("/q/openapi?format=json").then().statusCode(200);
        int fetches = DocsTestResource.FETCHES.get();
        String yaml = given().when().get("/q/openapi")
                .then().statusCode(200).contentType(startsWith("application/yaml")).extract().asString();
        JsonNode doc = new YAMLMapper().readTree(yaml);
        assertTrue(doc.at("/openapi").asText().startsWith("3."));
        assertEquals("[]", doc.at("/paths/~1api~1portal~1{token}/get/security").toString());
        given().when().get("/q/openapi?format=yaml").then().statusCode(200).contentType(startsWith("application/yaml"));
        assertEquals(fetches, DocsTestResource.FETCHES.get(), "the merged document is reused, not fetched per request");
    }

    @Test
    void swaggerUiShowsTheMergedDocument() {
        given().redirects().follow(true).when().get("/q/swagger-ui/")
                .then().statusCode(200).body(containsString("/q/openapi"));
    }

    @Test
    void asyncApiIndexListsEveryProducerAndServesItsDocumentAndSchemas() throws Exception {
        given().when().get("/asyncapi")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("documents.service", hasItems("partner-service", "engagement-service", "nda-service",
                        "notification-service"))
                .body("documents.find { it.service == 'partner-service' }.url",
                        equalTo("/asyncapi/partner-service/asyncapi.yaml"))
                .body("documents.find { it.service == 'partner-service' }.channels", hasItems("partner-events"))
                .body("documents.find { it.service == 'nda-service' }.channels", hasItems("nda-events"));
        String yaml = given().when().get("/asyncapi/partner-service/asyncapi.yaml")
                .then().statusCode(200).extract().asString();
        assertTrue(new YAMLMapper().readTree(yaml).at("/asyncapi").asText().startsWith("3."));
        given().when().get("/asyncapi/partner-service/partner-events/PartnerCreated.v1.json")
                .then().statusCode(200).body(containsString("\"$schema\""));
        // public, without a credential, and not under /api
        given().when().get("/asyncapi/nda-service/asyncapi.yaml").then().statusCode(200);
    }
}

package org.partnerportal.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.gateway.policy.PolicyTable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class OpenApiMergerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode merged(boolean notificationDown) throws Exception {
        List<OpenApiMerger.ServiceDoc> docs = new ArrayList<>(List.of(
                OpenApiMerger.ServiceDoc.ok("partner-service", JSON.readTree(FakeServiceDocs.PARTNER)),
                OpenApiMerger.ServiceDoc.ok("engagement-service", JSON.readTree(FakeServiceDocs.ENGAGEMENT)),
                OpenApiMerger.ServiceDoc.ok("nda-service", JSON.readTree(FakeServiceDocs.NDA))));
        if (notificationDown) {
            docs.add(OpenApiMerger.ServiceDoc.failed("notification-service", "unreachable or too slow (Connection refused)"));
        }
        return new OpenApiMerger("Partner Portal API", "1.0.0", "https://idp.test/realms/pp").merge(docs, PolicyTable.rules());
    }

    @Test
    void keepsOnlyTheRoutedOperationsUnderThePolicyTablesPaths() throws Exception {
        JsonNode doc = merged(false);
        JsonNode paths = doc.get("paths");
        assertTrue(paths.has("/api/partners"));
        assertFalse(paths.has("/api/internal/reindex"), "a path the gateway does not route is not documented");
        // the service's {id} is the table's {requestId}, moved from the path item into the operation
        JsonNode approve = paths.get("/api/access-requests/{requestId}/approve").get("post");
        assertEquals("requestId", approve.at("/parameters/0/name").asText());
        assertEquals("path", approve.at("/parameters/0/in").asText());
        // a $ref'd path parameter is inlined under the table's name; the query parameter is kept
        JsonNode timeline = paths.get("/api/partners/{id}/timeline").get("get");
        assertEquals("id", timeline.at("/parameters/0/name").asText());
        assertEquals("limit", timeline.at("/parameters/1/name").asText());
        assertEquals("id", paths.at("/~1api~1proposals~1{id}/get/parameters/0/name").asText());
        assertEquals("engagement-service", timeline.get("x-service").asText());
        // listed in the table but described by no service
        assertTrue(doc.get("x-undocumented-routes").toString().contains("\"GET /api/pipeline\""));
        assertFalse(doc.get("x-undocumented-routes").toString().contains("\"GET /api/partners\""));
        assertFalse(doc.has("x-partial"));
    }

    @Test
    void prefixesCollidingComponentsPerServiceAndRewritesTheirRefs() throws Exception {
        JsonNode doc = merged(false);
        JsonNode schemas = doc.at("/components/schemas");
        assertFalse(schemas.has("Problem"), "two different Problem schemas may not share a name");
        assertTrue(schemas.has("partner-service.Problem"));
        assertTrue(schemas.has("nda-service.Problem"));
        assertTrue(schemas.at("/nda-service.Problem/properties").has("status"));
        assertFalse(schemas.at("/partner-service.Problem/properties").has("status"));
        assertEquals("#/components/schemas/partner-service.Problem", doc.at(
                "/paths/~1api~1access-requests~1{requestId}~1approve/post/responses/409/content/application~1problem+json/schema/$ref").asText());
        assertEquals("#/components/schemas/nda-service.Problem", doc.at(
                "/paths/~1api~1proposals~1{id}/get/responses/404/content/application~1problem+json/schema/$ref").asText());
        // equal everywhere: one shared schema, references untouched
        assertTrue(schemas.has("PageMeta"));
        assertFalse(schemas.has("nda-service.PageMeta"));
        assertEquals("#/components/schemas/PageMeta", schemas.at("/PartnerPage/properties/meta/$ref").asText());
        assertEquals("#/components/schemas/Partner", schemas.at("/PartnerPage/properties/items/items/$ref").asText());
        // tags: once each, the first description kept
        List<String> tags = new ArrayList<>();
        doc.get("tags").forEach(t -> tags.add(t.get("name").asText()));
        assertEquals(List.of("Partners", "Timeline", "Proposals"), tags);
        assertEquals("Partner records", doc.at("/tags/0/description").asText());
    }

    @Test
    void eachOperationCarriesTheCredentialTheGatewayAsksFor() throws Exception {
        JsonNode doc = merged(false);
        JsonNode schemes = doc.at("/components/securitySchemes");
        assertFalse(schemes.has("SecurityScheme"), "the services' internal-JWT scheme is not the public contract");
        assertEquals("bearer", schemes.at("/bearer/scheme").asText());
        assertTrue(schemes.at("/bearer/description").asText().contains("https://idp.test/realms/pp"));
        assertEquals("query", schemes.at("/proposalLink/in").asText());
        assertEquals("token", schemes.at("/proposalLink/name").asText());
        assertEquals("X-Link-Token", schemes.at("/proposalLinkHeader/name").asText());

        JsonNode paths = doc.get("paths");
        JsonNode list = paths.at("/~1api~1partners/get");
        assertEquals("[{\"bearer\":[]}]", list.get("security").toString());
        assertEquals("[\"admin\",\"super_admin\"]", list.get("x-roles").toString());
        assertTrue(list.at("/responses/401").has("description"));
        assertTrue(list.at("/responses/403").has("description"));
        assertEquals("[\"super_admin\"]", paths.at("/~1api~1admin~1demo-partners~1{id}~1reset/post/x-roles").toString());
        assertEquals("[\"admin\",\"super_admin\",\"partner\"]", paths.at("/~1api~1partners~1{id}~1timeline/get/x-roles").toString());

        JsonNode register = paths.at("/~1api~1partner~1register/post");
        assertEquals("[{},{\"bearer\":[]}]", register.get("security").toString(), "public: a token is optional");
        assertEquals("public", register.get("x-rate-limit").asText());
        assertFalse(register.at("/responses").has("401"));

        JsonNode proposal = paths.at("/~1api~1proposals~1{id}/get");
        assertEquals("[{\"proposalLink\":[]},{\"proposalLinkHeader\":[]}]", proposal.get("security").toString());
        assertEquals("proposal-unlock", proposal.get("x-rate-limit").asText());
        assertTrue(proposal.at("/responses/429").has("description"));

        JsonNode portal = paths.at("/~1api~1portal~1{token}/get");
        assertEquals("[]", portal.get("security").toString(), "the portal link is the path, not a header");
        assertEquals("PORTAL", portal.get("x-access").asText());
        assertTrue(portal.get("x-credential").asText().contains("{token}"));
        assertTrue(portal.at("/parameters/0/description").asText().contains("credential"));
        assertEquals("[]", paths.at("/~1api~1portal~1{token}~1timeline/get/security").toString());
    }

    @Test
    void aServiceThatDidNotAnswerIsReportedAndTheRestIsServed() throws Exception {
        JsonNode doc = merged(true);
        assertEquals("notification-service", doc.at("/x-partial/unavailable/0/service").asText());
        assertTrue(doc.at("/x-partial/unavailable/0/reason").asText().contains("Connection refused"));
        assertEquals("unavailable", doc.at("/x-services/notification-service/status").asText());
        assertEquals("available", doc.at("/x-services/nda-service/status").asText());
        assertTrue(doc.at("/info/description").asText().contains("PARTIAL"));
        assertTrue(doc.get("paths").has("/api/partners"));
    }
}

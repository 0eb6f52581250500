package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.partner.Fixtures.awaitEvent;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.contact;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.data;
import static org.partnerportal.partner.Fixtures.getPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(PortalTestResource.class)
class PartnerPatchTest {

    private static ValidatableResponse patch(String id, String ifMatch, Object patch) {
        var spec = given().auth().oauth2(Tokens.admin()).contentType("application/merge-patch+json").body(patch);
        if (ifMatch != null) {
            spec = spec.header("If-Match", ifMatch);
        }
        return spec.when().patch("/api/partners/" + id).then();
    }

    @Test
    void mergePatchChangesOnlyWhatItNamesAndPublishesPartnerUpdated() {
        Map<String, Object> b = body(unique("Patch Co"));
        b.put("logo", "https://cdn.example.com/logo.png");
        b.put("social", Map.of("linkedin", "https://linkedin.com/company/patch", "github", "https://github.com/patch"));
        String id = create(b);
        String etag = getPartner(id).statusCode(200).extract().header("ETag");
        assertEquals("\"0\"", etag);

        patch(id, etag, Map.of("description", "A changed description, long enough.", "logo", "null-me",
                "social", Map.of("github", "https://github.com/patch-moved")))
                .statusCode(400).body("errors.field", hasItem("logo"));

        java.util.HashMap<String, Object> p = new java.util.HashMap<>();
        p.put("description", "A changed description, long enough.");
        p.put("logo", null);
        p.put("social", Map.of("github", "https://github.com/patch-moved"));
        p.put("tier", "platinum");
        patch(id, etag, p).statusCode(200).header("ETag", "\"1\"")
                .body("description", equalTo("A changed description, long enough."))
                .body("logo", nullValue())
                .body("social.linkedin", equalTo("https://linkedin.com/company/patch"))
                .body("social.github", equalTo("https://github.com/patch-moved"))
                .body("tier", equalTo("platinum"))
                .body("name", equalTo(b.get("name")))
                .body("version", equalTo(1));

        JsonNode updated = data(awaitEvent("partnerportal.PartnerUpdated.v1", id));
        assertEquals("platinum", updated.path("tier").asText());
        assertEquals(List.of("description", "logo", "social", "tier").stream().sorted().toList(),
                java.util.stream.StreamSupport.stream(updated.path("changedFields").spliterator(), false)
                        .map(JsonNode::asText).sorted().toList());
    }

    @Test
    void staleIfMatchIs412AndChangesNothing() {
        String id = create(body(unique("Stale Co")));
        patch(id, "\"0\"", Map.of("notes", "first writer")).statusCode(200);
        patch(id, "\"0\"", Map.of("notes", "second writer with an old copy"))
                .statusCode(412).contentType("application/problem+json");
        getPartner(id).body("notes", equalTo("first writer")).body("version", equalTo(1));
        patch(id, "\"abc\"", Map.of("notes", "x")).statusCode(400);
    }

    @Test
    void readOnlyFieldsAreRefusedNotIgnored() {
        String id = create(body(unique("Readonly Co")));
        patch(id, null, Map.of("stage", "active", "engagement", Map.of("engagementLevel", "high"), "archived", true))
                .statusCode(400).body("errors.field", hasItem("stage")).body("errors.field", hasItem("engagement"))
                .body("errors.field", hasItem("archived"));
        patch(id, null, Map.of("unknownField", 1)).statusCode(400);
        getPartner(id).body("stage", equalTo("draft")).body("archived", equalTo(false)).body("version", equalTo(0));
    }

    @Test
    void anInvalidOutcomeIsRefusedWhole() {
        String id = create(body(unique("Whole Co")));
        patch(id, null, Map.of("notes", "fine", "description", "short")).statusCode(400)
                .body("errors.field", hasItem("description"));
        getPartner(id).body("notes", nullValue()).body("version", equalTo(0));
    }

    @Test
    void aNewPrimaryContactDemotesTheOldOne() {
        String name = unique("Primary Co");
        Map<String, Object> b = body(name);
        String id = create(b);
        String oldPrimary = getPartner(id).extract().path("contacts[0].email");
        patch(id, null, Map.of("contacts", List.of(contact("Old Primary", oldPrimary, true),
                contact("New Primary", "new.primary@example.com", true))))
                .statusCode(200)
                .body("contacts.find { it.email == '" + oldPrimary + "' }.isPrimary", equalTo(false))
                .body("contacts.find { it.email == 'new.primary@example.com' }.isPrimary", equalTo(true));
        // two newcomers both claiming to be primary is no rule to apply
        patch(id, null, Map.of("contacts", List.of(contact("A Person", "a@example.com", true),
                contact("B Person", "b@example.com", true)))).statusCode(400);
    }

    @Test
    void renamingOntoAnotherPartnersNameInAnotherCaseIs409() {
        String taken = unique("Taken Name");
        create(body(taken));
        String id = create(body(unique("Renamed Co")));
        patch(id, null, Map.of("name", taken.toUpperCase())).statusCode(409).contentType("application/problem+json");
    }

    @Test
    void alumniToggleKeepsTheTagConsistent() {
        String id = create(body(unique("Alumni Co")));
        patch(id, null, Map.of("alumni", true)).statusCode(200).body("alumni", equalTo(true))
                .body("tags", hasItem("alumni-partner"));
        patch(id, null, Map.of("tags", List.of("Alumni-Partner", "Fintech"))).statusCode(200)
                .body("tags", equalTo(List.of("alumni-partner", "fintech"))).body("alumni", equalTo(true));
        patch(id, null, Map.of("alumni", false)).statusCode(200).body("alumni", equalTo(false))
                .body("tags", equalTo(List.of("fintech")));
    }
}

package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Vault documents carry seed 002's type, status, event and notes, and are edited and removed with an audit trail. */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class VaultEditTest {

    private static final byte[] FILE = "%PDF-1.4 a contract".getBytes(StandardCharsets.UTF_8);

    private static String base(String id) {
        return "/api/partners/" + id + "/documents";
    }

    @Test
    void documentsHaveTheSeedsFieldsAndAreEditedWithAnAuditTrail() {
        String id = Fixtures.partner("Vault Edit Co");
        String file = given().auth().oauth2(Tokens.admin()).multiPart("file", "contract.pdf", FILE, "application/pdf")
                .multiPart("title", "Contract").multiPart("type", "contract").multiPart("eventId", "ev-42")
                .post(base(id)).then().statusCode(201).body("type", equalTo("contract")).body("status", equalTo("draft"))
                .body("eventId", equalTo("ev-42")).extract().path("id");
        String link = given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"title\":\"Deck\",\"url\":\"https://example.com/deck\",\"requiresNda\":false}")
                .post(base(id)).then().statusCode(201).body("type", equalTo("general")).body("status", equalTo("draft"))
                .extract().path("id");

        given().auth().oauth2(Tokens.admin()).contentType("application/merge-patch+json")
                .body("{\"status\":\"signed\",\"notes\":\"Countersigned copy\",\"title\":\"Contract 2026\"}")
                .patch(base(id) + "/" + file).then().statusCode(200).body("status", equalTo("signed"))
                .body("notes", equalTo("Countersigned copy")).body("title", equalTo("Contract 2026"))
                .body("updatedAt", org.hamcrest.Matchers.notNullValue());
        // merge patch: null clears
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"eventId\":null}")
                .patch(base(id) + "/" + file).then().statusCode(200).body("eventId", nullValue());
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"url\":\"https://example.com/deck-v2\"}")
                .patch(base(id) + "/" + link).then().statusCode(200).body("url", equalTo("https://example.com/deck-v2"));

        List<KafkaEvents.Recorded> updated = Fixtures.events("nda-events", id, "DocumentUpdated", 3);
        JsonPath statusChange = updated.stream().map(r -> new JsonPath(r.data()))
                .filter(j -> j.getList("changedFields").contains("status")).findFirst().orElseThrow();
        assertEquals(file, statusChange.getString("documentId"));
        assertEquals(List.of("title", "status", "notes"), statusChange.getList("changedFields"));
        JsonPath history = given().auth().oauth2(Tokens.admin()).get(base(id) + "/" + file + "/history").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("updated", "updated"), history.getList("action"));
        assertEquals(List.of("eventId"), history.getList("[0].fields"));
        assertEquals("admin-id", history.getString("[0].by"));

        // bad patches are refused whole and change nothing
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"status\":\"Not A Key\",\"title\":\"\",\"kind\":\"link\",\"requiresNda\":\"yes\"}")
                .patch(base(id) + "/" + file).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("status")).body("errors.field", hasItem("title"))
                .body("errors.field", hasItem("kind")).body("errors.field", hasItem("requiresNda"));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"url\":\"https://x.test\"}")
                .patch(base(id) + "/" + file).then().statusCode(400).body("errors.field", hasItem("url"));
        given().auth().oauth2(Tokens.admin()).get(base(id) + "/" + file).then().statusCode(200)
                .body("status", equalTo("signed")).body("title", equalTo("Contract 2026"));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"status\":\"final\"}")
                .patch(base(id) + "/" + java.util.UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.partner(id)).contentType("application/json").body("{\"status\":\"final\"}")
                .patch(base(id) + "/" + file).then().statusCode(403);
    }

    @Test
    void aRemovedDocumentIsATombstoneNoLongerListedOrServed() {
        String id = Fixtures.partner("Vault Remove Co");
        String file = given().auth().oauth2(Tokens.admin()).multiPart("file", "old.pdf", FILE, "application/pdf")
                .multiPart("requiresNda", "false").post(base(id)).then().statusCode(201).extract().path("id");
        String portal = Fixtures.portalJwt(id, 1);
        given().auth().oauth2(portal).get("/api/portal/x/documents/" + file).then().statusCode(200);

        given().auth().oauth2(Tokens.admin()).delete(base(id) + "/" + file).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).delete(base(id) + "/" + file).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get(base(id)).then().statusCode(200).body("items.id", not(hasItem(file)));
        given().auth().oauth2(Tokens.admin()).get(base(id) + "/" + file).then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).get(base(id) + "/" + file + "/content").then().statusCode(404);
        given().auth().oauth2(portal).get("/api/portal/x/documents/" + file).then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"status\":\"final\"}")
                .patch(base(id) + "/" + file).then().statusCode(404);

        // the audit keeps who removed it (once: the second DELETE wrote nothing), and the download before
        given().auth().oauth2(Tokens.admin()).get(base(id) + "/" + file + "/history").then().statusCode(200)
                .body("[0].action", equalTo("removed")).body("[0].by", equalTo("admin-id")).body("size()", equalTo(1));
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/downloads").then().statusCode(200)
                .body("items.documentId", hasItem(file));
        List<KafkaEvents.Recorded> removed = Fixtures.events("nda-events", id, "DocumentRemoved", 1);
        assertEquals(file, new JsonPath(removed.get(0).data()).getString("documentId"));
    }

    @Test
    void theSignedNdasCertificateCannotBeEditedOrRemoved() {
        String id = Fixtures.partner("Vault NDA Co");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"status\":\"draft\"}")
                .patch(base(id) + "/nda-NDA-00001").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).delete(base(id) + "/nda-NDA-00001").then().statusCode(409);
    }
}

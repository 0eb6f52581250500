package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.partnerportal.partner.Fixtures.awaitEvent;
import static org.partnerportal.partner.Fixtures.body;
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
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PortalTestResource.class)
class PartnerLifecycleTest {

    private static io.restassured.response.ValidatableResponse post(String path) {
        return given().auth().oauth2(Tokens.admin()).when().post(path).then();
    }

    @Test
    void archiveHidesRestoreBringsBack() {
        String name = unique("Archive Co");
        String id = create(body(name));
        post("/api/partners/" + id + "/archive").statusCode(200).body("archived", equalTo(true));
        post("/api/partners/" + id + "/archive").statusCode(200); // again: no change, no error
        given().auth().oauth2(Tokens.admin()).queryParam("q", name).when().get("/api/partners").then()
                .statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(Tokens.admin()).queryParam("q", name).queryParam("archived", true)
                .when().get("/api/partners").then().body("items.id", equalTo(List.of(id)));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("stage", "proposal_sent"))
                .when().put("/api/partners/" + id + "/stage").then().statusCode(409);
        awaitEvent("partnerportal.PartnerArchived.v1", id);
        post("/api/partners/" + id + "/restore").statusCode(200).body("archived", equalTo(false));
        awaitEvent("partnerportal.PartnerRestored.v1", id);
    }

    @Test
    void onlyAPartnerWithoutHistoryCanBeDeleted() {
        String name = unique("Delete Co");
        String id = create(body(name));
        given().auth().oauth2(Tokens.admin()).when().delete("/api/partners/" + id).then().statusCode(204);
        getPartner(id).statusCode(404).contentType("application/problem+json");
        awaitEvent("partnerportal.PartnerDeleted.v1", id);
        // the name is free again
        create(body(name.toUpperCase()));

        String moved = create(body(unique("History Co")));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("stage", "proposal_sent"))
                .when().put("/api/partners/" + moved + "/stage").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).when().delete("/api/partners/" + moved).then().statusCode(409)
                .body("type", equalTo("https://partnerportal.org/problems/partner-has-history"));
        getPartner(moved).statusCode(200);
    }

    @Test
    void invitingAContactPublishesPartnerInvitedWithoutASecret() {
        String id = create(body(unique("Invite Co")));
        String email = getPartner(id).extract().path("contacts[0].email");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/api/partners/" + id + "/invites").then().statusCode(202)
                .body("email", equalTo(email)).body("name", equalTo("Primary Person"));
        JsonNode invited = data(awaitEvent("partnerportal.PartnerInvited.v1", id));
        assertEquals(email, invited.path("email").asText());
        assertEquals("http://localhost:8080/partner/register?partnerId=" + id, invited.path("registerUrl").asText());
        assertFalse(invited.toString().toLowerCase().contains("token"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("email", "nope"))
                .when().post("/api/partners/" + id + "/invites").then().statusCode(400);
    }

    @Test
    void listsFilterSortAndPage() {
        String marker = unique("zz Filter");
        Map<String, Object> a = body(marker + " Alpha");
        a.put("tier", "community");
        a.put("industry", "FinTech");
        a.put("tags", List.of("Hackathon 2026"));
        Map<String, Object> b = body(marker + " Beta");
        b.put("tier", "platinum");
        b.put("industry", "fintech");
        Map<String, Object> c = body(marker + " Gamma");
        c.put("tier", "gold");
        c.put("industry", "Telecom");
        c.put("stage", "active");
        String ida = create(a);
        String idb = create(b);
        String idc = create(c);
        var spec = given().auth().oauth2(Tokens.admin()).queryParam("q", marker.toUpperCase());
        spec.when().get("/api/partners").then().statusCode(200).body("total", equalTo(3))
                .body("items.id", equalTo(List.of(idb, idc, ida)));
        given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("sort", "name")
                .when().get("/api/partners").then().body("items.id", equalTo(List.of(ida, idb, idc)));
        given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("industry", "FINTECH")
                .when().get("/api/partners").then().body("items.id", equalTo(List.of(idb, ida)));
        given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("tag", "hackathon-2026")
                .when().get("/api/partners").then().body("items.id", equalTo(List.of(ida)));
        given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("stage", "active")
                .when().get("/api/partners").then().body("items.id", equalTo(List.of(idc)));
        given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("tier", "platinum")
                .when().get("/api/partners").then().body("items.id", equalTo(List.of(idb)));
        given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("size", 2).queryParam("page", 1)
                .when().get("/api/partners").then().body("items.id", equalTo(List.of(ida))).body("total", equalTo(3));
        given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("sort", "updatedAt")
                .when().get("/api/partners").then().body("items.id", equalTo(List.of(idc, idb, ida)));
        given().auth().oauth2(Tokens.admin()).queryParam("sort", "colour").when().get("/api/partners").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("tier", "diamond").when().get("/api/partners").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("size", 201).when().get("/api/partners").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("q", ".*").when().get("/api/partners").then().statusCode(200)
                .body("items.id", not(hasItem(ida)));
    }

    /**
     * Found by the system fuzzer: a query parameter that cannot be converted was JAX-RS's 404, as if
     * the list did not exist. It is the caller's mistake about that parameter: a 400 naming it.
     */
    @Test
    void aQueryParameterOfTheWrongTypeIsA400NamingIt() {
        Map<String, String> mistyped = Map.of("size", "abc", "page", "1.5", "archived", "maybe");
        mistyped.forEach((name, value) -> given().auth().oauth2(Tokens.admin()).queryParam(name, value)
                .when().get("/api/partners").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("type", equalTo("https://partnerportal.org/problems/validation"))
                .body("title", equalTo("Invalid request")).body("errors.field", equalTo(List.of(name))));
        // out of an int's range is no integer either
        given().auth().oauth2(Tokens.admin()).queryParam("size", "99999999999").when().get("/api/partners").then()
                .statusCode(400).body("errors.field", equalTo(List.of("size"))).body("errors.message", equalTo(List.of("must be an integer")));
        // values of the right type still pass, booleans in any case; an empty one is left out (the default)
        given().auth().oauth2(Tokens.admin()).queryParam("size", "3").queryParam("page", "0").queryParam("archived", "TRUE")
                .when().get("/api/partners").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).queryParam("size", "").queryParam("archived", "")
                .when().get("/api/partners").then().statusCode(200).body("size", equalTo(50));
    }

    @Test
    void roleMatrix() {
        String id = create(body(unique("Matrix Co")));
        String partner = Tokens.partner(id);
        String visitor = Tokens.visitor();
        List<String[]> adminOnly = List.of(new String[] { "GET", "/api/partners" },
                new String[] { "POST", "/api/partners/" + id + "/archive" },
                new String[] { "POST", "/api/partners/" + id + "/restore" },
                new String[] { "PUT", "/api/partners/" + id + "/stage" },
                new String[] { "POST", "/api/partners/" + id + "/close" },
                new String[] { "POST", "/api/partners/" + id + "/invites" },
                new String[] { "PATCH", "/api/partners/" + id },
                new String[] { "DELETE", "/api/partners/" + id },
                new String[] { "GET", "/api/pipeline" }, new String[] { "GET", "/api/reports/tiers" },
                new String[] { "GET", "/api/access-requests" });
        for (String[] call : adminOnly) {
            for (String token : List.of(partner, visitor)) {
                given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").when().request(call[0], call[1])
                        .then().statusCode(403).contentType("application/problem+json");
            }
            given().contentType(ContentType.JSON).body("{}").when().request(call[0], call[1]).then().statusCode(401)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(partner).when().get("/api/partners/" + id).then().statusCode(200).body("notes", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(partner).when().get("/api/partner/me").then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(partner).when().get("/api/tiers").then().statusCode(200);
        given().auth().oauth2(visitor).when().get("/api/tiers").then().statusCode(403);
    }
}

package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.partner.Fixtures.awaitEvent;
import static org.partnerportal.partner.Fixtures.createPartner;
import static org.partnerportal.partner.Fixtures.data;
import static org.partnerportal.partner.Fixtures.partnerBody;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.partner.repository.PartnerRepository;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(PortalTestResource.class)
class PartnerTest {

    @Inject
    PartnerRepository partners;

    @Test
    void createAnswersWithLocationAndPublishesPartnerCreated() {
        String name = unique("Ooredoo Test");
        String id = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(partnerBody(name))
                .when().post("/api/partners")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.containsString("/api/partners/"))
                .body("name", equalTo(name)).body("stage", equalTo("draft")).body("tier", equalTo("gold"))
                .extract().path("id");
        var event = awaitEvent("partnerportal.PartnerCreated.v1", id);
        assertEquals(id, event.key());
        assertEquals(name, data(event).get("name").asText());
        assertEquals("primary@" + name.toLowerCase().replace(' ', '-') + ".test",
                data(event).get("primaryContact").get("email").asText());
    }

    @Test
    void namesAreUniqueRegardlessOfCase() {
        String name = unique("Bank Sohar");
        createPartner(name);
        Map<String, Object> body = new HashMap<>(partnerBody(name.toUpperCase()));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/partners")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(1, partners.count("nameKey", name.toLowerCase()).await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void invalidPartnersAreRejectedWithTheirFields() {
        String name = unique("Bad");
        Map<String, Object> body = new HashMap<>(partnerBody(name));
        body.put("description", "short");
        body.put("tier", "diamond");
        body.put("contacts", List.of(Map.of("name", "A", "email", "nope", "role", "Lead", "isPrimary", true)));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/partners")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("description", "tier", "contacts[0].name", "contacts[0].email"));

        Map<String, Object> twoPrimaries = new HashMap<>(partnerBody(name));
        twoPrimaries.put("contacts", List.of(
                Map.of("name", "First Lead", "email", "a@x.test", "role", "Lead", "isPrimary", true),
                Map.of("name", "Second Lead", "email", "b@x.test", "role", "Lead", "isPrimary", true)));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(twoPrimaries)
                .when().post("/api/partners")
                .then().statusCode(400).body("errors.field", hasItems("contacts"));
        assertEquals(0, partners.count("nameKey", name.toLowerCase()).await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void aPartnerUserSeesItsOwnPartnerOnly() {
        String mine = createPartner(unique("Mine"));
        String theirs = createPartner(unique("Theirs"));
        given().auth().oauth2(Tokens.partner(mine)).when().get("/api/partners/" + mine).then().statusCode(200);
        given().auth().oauth2(Tokens.partner(mine)).when().get("/api/partner/me").then().statusCode(200)
                .body("id", equalTo(mine));
        given().auth().oauth2(Tokens.partner(mine)).when().get("/api/partners/" + theirs).then().statusCode(404);
        given().auth().oauth2(Tokens.partner(mine)).when().get("/api/partners").then().statusCode(403);
        given().auth().oauth2(Tokens.visitor()).when().get("/api/partner/me").then().statusCode(403);
    }

    @Test
    void tiersComeInSortOrderWithTheSeedsColours() {
        given().auth().oauth2(Tokens.partner("any")).when().get("/api/tiers").then().statusCode(200)
                .body("key", contains("platinum", "gold", "silver", "bronze", "community"))
                .body("badgeColor", contains("#B0B0B0", "#FFD700", "#C0C0C0", "#CD7F32", "#00ED64"))
                .body("sortOrder", contains(1, 2, 3, 4, 5));
    }

    @Test
    void unknownPathsAndObjectsAnswerProblemJson() {
        given().auth().oauth2(Tokens.admin()).when().get("/api/partners/does-not-exist")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }
}

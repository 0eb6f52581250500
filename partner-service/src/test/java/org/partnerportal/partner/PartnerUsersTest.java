package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A partner's users (its memberships), for the console's "view as this partner user" control. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class PartnerUsersTest {

    @Test
    void theApprovedPeopleAreThePartnersUsers() {
        String id = create(body(unique("Users Co")));
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/users").then().statusCode(200)
                .body("size()", equalTo(0));
        String email = unique("user") + "@example.com";
        String requestId = given().auth().oauth2(Tokens.anonymous()).contentType("application/json")
                .body(Map.of("name", "Laila Partner", "email", email, "company", "Users Co"))
                .when().post("/api/partner/register").then().statusCode(202).extract().path("id");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("partnerId", id))
                .when().post("/api/access-requests/" + requestId + "/approve").then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(Tokens.superAdmin())
                .get("/api/partners/" + id + "/users").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].email", equalTo(email)).body("[0].name", equalTo("Laila Partner"))
                .body("[0].grantedBy", equalTo("admin-id")));
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + UUID.randomUUID() + "/users").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.partner(id)).get("/api/partners/" + id + "/users").then().statusCode(403);
    }
}

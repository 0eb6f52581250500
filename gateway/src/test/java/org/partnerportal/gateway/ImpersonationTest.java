package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.partnerportal.testsupport.LogCapture;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A super admin may act as a partner user; nobody else may; every such request is audited. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class ImpersonationTest {

    static final String DEMO = GatewayTestResource.IMPERSONATED_PARTNER;

    @Test
    void superAdminActsAsThePartnerUserAndTheRequestIsAudited() throws Exception {
        try (LogCapture audit = LogCapture.of("partnerportal.audit")) {
            JsonPath echo = given().auth().oauth2(OidcTokens.of("superadmin", "super_admin"))
                    .header("X-Impersonate-User", GatewayTestResource.PARTNER_USER)
                    .when().get("/api/partner/me")
                    .then().statusCode(200).header("X-Impersonated-User", GatewayTestResource.PARTNER_USER)
                    .extract().jsonPath();
            JwtClaims claims = GatewayTest.internalClaims(echo);
            assertEquals(GatewayTestResource.PARTNER_USER, claims.getSubject());
            assertEquals(List.of("partner"), claims.getStringListClaimValue("groups"), "the partner's rights, not the admin's");
            assertEquals(DEMO, claims.getClaimValueAsString("partnerId"));
            assertEquals("superadmin-sub", claims.getClaimValueAsString("impersonatedBy"));
            assertEquals("superadmin-sub", echo.getString("headers.x-impersonated-by"));
            // what the partner user may not do, the impersonation may not either
            given().auth().oauth2(OidcTokens.of("superadmin", "super_admin"))
                    .header("X-Impersonate-User", GatewayTestResource.PARTNER_USER)
                    .when().get("/api/partners").then().statusCode(403);
            audit.awaitLineContaining(java.time.Duration.ofSeconds(5), "superadmin-sub", GatewayTestResource.PARTNER_USER);
        }
    }

    @Test
    void impersonationIsForReadingOnly() {
        String superAdmin = OidcTokens.of("superadmin", "super_admin");
        // a write the partner user may make, and one only staff may make: neither is forwarded as the partner
        given().auth().oauth2(superAdmin).header("X-Impersonate-User", GatewayTestResource.PARTNER_USER)
                .contentType("application/json").body("{\"status\":\"done\"}")
                .when().patch("/api/actions/a-1").then().statusCode(403).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/impersonation-read-only"))
                .header("X-Impersonated-User", org.hamcrest.Matchers.nullValue());
        for (String[] call : List.of(new String[] { "POST", "/api/partners" }, new String[] { "PUT", "/api/partners/p-1/stage" },
                new String[] { "DELETE", "/api/partners/p-1" })) {
            given().auth().oauth2(superAdmin).header("X-Impersonate-User", GatewayTestResource.PARTNER_USER)
                    .contentType("application/json").body("{}")
                    .when().request(call[0], call[1]).then().statusCode(403)
                    .body("type", org.hamcrest.Matchers.endsWith("/impersonation-read-only"));
        }
        // the super admin's own write, without the header, goes through as the super admin
        given().auth().oauth2(superAdmin).contentType("application/json").body("{\"status\":\"done\"}")
                .when().patch("/api/actions/a-1").then().statusCode(200);
    }

    @Test
    void nobodyElseMayImpersonateAndOnlyPartnerUsersCanBeImpersonated() {
        for (String token : List.of(OidcTokens.of("admin", "admin"), OidcTokens.partner(DEMO), OidcTokens.of("visitor"))) {
            given().auth().oauth2(token).header("X-Impersonate-User", GatewayTestResource.PARTNER_USER)
                    .when().get("/api/partner/me").then().statusCode(403).contentType("application/problem+json");
        }
        given().header("X-Impersonate-User", GatewayTestResource.PARTNER_USER)
                .when().get("/api/partner/me").then().statusCode(401);
        String superAdmin = OidcTokens.of("superadmin", "super_admin");
        for (String user : List.of(GatewayTestResource.PLAIN_USER, GatewayTestResource.DISABLED_USER, "no-such-user")) {
            given().auth().oauth2(superAdmin).header("X-Impersonate-User", user)
                    .when().get("/api/partner/me").then().statusCode(422).contentType("application/problem+json");
        }
        given().auth().oauth2(superAdmin).header("X-Impersonate-User", "../../admin")
                .when().get("/api/partner/me").then().statusCode(400);
        assertTrue(true);
    }
}

package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * No identity provider's admin API is configured ({@code KEYCLOAK_URL} unset): the gateway starts
 * and serves as usual, its {@code keycloak-users} OIDC client stays off, and impersonation answers
 * 503 {@code impersonation-unavailable}.
 */
@QuarkusTest
@WithTestResource(ImpersonationUnconfiguredTest.NoAdminApi.class)
class ImpersonationUnconfiguredTest {

    /** The gateway's usual stand-ins without {@code pp.gateway.impersonation.admin-url}. */
    public static class NoAdminApi extends GatewayTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            config.remove("pp.gateway.impersonation.admin-url");
            return config;
        }
    }

    @Test
    void theGatewayServesAndImpersonationSaysItIsUnavailable() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().auth().oauth2(OidcTokens.of("admin", "admin")).when().get("/api/partners").then().statusCode(200);
        given().auth().oauth2(OidcTokens.of("superadmin", "super_admin"))
                .header("X-Impersonate-User", GatewayTestResource.PARTNER_USER)
                .when().get("/api/partner/me").then().statusCode(503).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/impersonation-unavailable"));
    }
}

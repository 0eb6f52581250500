package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roles and tokens at the edge with the real identity provider: Keycloak password-grant tokens
 * of the demo users against a path of every kind, answered by the real services behind the
 * gateway; and tokens that Keycloak did not issue for the gateway are refused.
 */
class GatewayRolesIT {

    /** superadmin, admin, partner (of the demo partner), visitor, no token. */
    private record Row(String path, int superAdmin, int admin, int partner, int visitor, int anonymous) {
    }

    private static final String OTHER = UUID.randomUUID().toString();

    private static final List<Row> MATRIX = List.of(
            new Row("/api/partners", 200, 200, 403, 403, 401),
            new Row("/api/partners/" + Stack.DEMO_PARTNER, 200, 200, 200, 403, 401),
            new Row("/api/partners/" + OTHER, 404, 404, 404, 403, 401),
            new Row("/api/partner/me", 403, 403, 200, 403, 401),
            new Row("/api/tiers", 200, 200, 200, 403, 401),
            new Row("/api/partners/" + Stack.DEMO_PARTNER + "/timeline", 200, 200, 200, 403, 401),
            new Row("/api/partners/" + OTHER + "/timeline", 200, 200, 404, 403, 401),
            new Row("/api/pipeline", 200, 200, 403, 403, 401),
            new Row("/api/reports/tiers", 200, 200, 403, 403, 401),
            new Row("/api/access-requests", 200, 200, 403, 403, 401),
            new Row("/api/events", 200, 200, 403, 403, 401),
            new Row("/api/dashboard", 200, 200, 403, 403, 401),
            new Row("/api/ndas/verify", 200, 200, 403, 403, 401),
            new Row("/api/notifications/deliveries", 200, 200, 403, 403, 401),
            new Row("/api/notifications/config", 200, 403, 403, 403, 401),
            new Row("/api/notifications/templates", 200, 403, 403, 403, 401),
            new Row("/api/nda/template", 200, 200, 200, 200, 200));

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    private static int status(String token, String path) {
        var spec = given().baseUri(Stack.gateway());
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        return spec.when().get(path).statusCode();
    }

    @Test
    void everyKindOfPathForEveryDemoUser() {
        List<String> wrong = new ArrayList<>();
        for (Row row : MATRIX) {
            check(wrong, row.path(), "superadmin", Keycloak.token("superadmin"), row.superAdmin());
            check(wrong, row.path(), "admin", Keycloak.token("admin"), row.admin());
            check(wrong, row.path(), "partner", Keycloak.token("partner"), row.partner());
            check(wrong, row.path(), "visitor", Keycloak.token("visitor"), row.visitor());
            check(wrong, row.path(), "anonymous", null, row.anonymous());
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static void check(List<String> wrong, String path, String who, String token, int expected) {
        int got = status(token, path);
        if (got != expected) {
            wrong.add("GET " + path + " as " + who + ": " + got + " (expected " + expected + ")");
        }
    }

    @Test
    void tokensNotIssuedForTheGatewayAreRefused() throws Exception {
        String admin = Keycloak.token("admin");
        String[] parts = admin.split("\\.");
        String flippedSignature = parts[0] + "." + parts[1] + "."
                + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        String algNone = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        String escalated = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"admin\"", "\"super_admin\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        // a real Keycloak token, but for another audience: the admin-API service account's
        String secret = Files.readString(Stack.DIR.resolve("secrets/keycloak-admin-api-client-secret")).trim();
        String otherAudience = given().baseUri(Stack.keycloak()).formParam("grant_type", "client_credentials")
                .formParam("client_id", "partner-portal-admin-api").formParam("client_secret", secret)
                .when().post("/realms/partner-portal/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        for (String token : List.of(flippedSignature, algNone, escalated, otherAudience, admin.substring(0, 40))) {
            given().baseUri(Stack.gateway()).auth().oauth2(token).when().get("/api/partners")
                    .then().statusCode(401).contentType("application/problem+json");
        }
        given().baseUri(Stack.gateway()).auth().oauth2(escalated).when().get("/api/notifications/config")
                .then().statusCode(401);
    }
}

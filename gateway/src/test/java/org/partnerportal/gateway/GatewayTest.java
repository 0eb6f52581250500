package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.TestInfra;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class GatewayTest {

    private static final String DEMO = "5e7d0000-0000-4000-8000-000000000001";
    private static final String OTHER = "0b1e0000-0000-4000-8000-000000000002";

    /** Verifies the internal JWT a service received exactly as the service would. */
    static JwtClaims internalClaims(JsonPath echo) throws Exception {
        String authorization = echo.getString("headers.authorization");
        assertTrue(authorization.startsWith("Bearer "), authorization);
        String pem = Files.readString(TestInfra.keysDir().resolve("internal-jwt-public.pem"));
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""))));
        return new JwtConsumerBuilder().setRequireExpirationTime().setMaxFutureValidityInMinutes(2)
                .setExpectedIssuer("partner-portal-gateway").setExpectedAudience(echo.getString("service"))
                .setVerificationKey(key).build().processToClaims(authorization.substring(7));
    }

    private static Response call(String token, String method, String path) {
        var spec = given().redirects().follow(false);
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        return spec.when().request(method, path);
    }

    private static void assertProblem(Response response, int status) {
        response.then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("title", notNullValue()).body("type", startsWith("https://"));
    }

    @Test
    void adminPathWithoutTokenIs401ProblemAndNeverReachesTheService() {
        Response r = call(null, "GET", "/api/access-requests");
        assertProblem(r, 401);
        r.then().header("WWW-Authenticate", startsWith("Bearer")).header("X-Echo", (String) null);
    }

    @Test
    void registerIsOpenWithoutSignInAndCarriesAnAnonymousInternalToken() throws Exception {
        JsonPath echo = given().contentType(ContentType.JSON).body("{\"name\":\"Rana\",\"email\":\"r@example.com\"}")
                .when().post("/api/partner/register")
                .then().statusCode(200).header("X-Echo", "partner-service").extract().jsonPath();
        assertEquals("POST", echo.getString("method"));
        assertEquals("{\"name\":\"Rana\",\"email\":\"r@example.com\"}", echo.getString("body"));
        JwtClaims claims = internalClaims(echo);
        assertEquals("anonymous", claims.getSubject());
        assertEquals("anonymous", claims.getClaimValueAsString("auth"));
        assertTrue(claims.getStringListClaimValue("groups").isEmpty());
    }

    @Test
    void registerWithABadTokenIsRefusedRatherThanTreatedAsAnonymous() {
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body("{}")
                .when().post("/api/partner/register").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void visitorWithoutARoleIsForbiddenOnAdminPaths() {
        assertProblem(call(OidcTokens.of("visitor"), "GET", "/api/access-requests"), 403);
        assertProblem(call(OidcTokens.of("visitor"), "GET", "/api/partner/me"), 403);
    }

    @Test
    void adminCallIsRoutedToItsOwnerWithQueryAndAnInternalTokenInPlaceOfTheOidcOne() throws Exception {
        String oidc = OidcTokens.of("admin", "admin", "offline_access");
        JsonPath echo = call(oidc, "GET", "/api/access-requests?status=pending&page=0")
                .then().statusCode(200).header("X-Echo", "partner-service").extract().jsonPath();
        assertEquals("/api/access-requests?status=pending&page=0", echo.getString("uri"));
        assertNotEquals("Bearer " + oidc, echo.getString("headers.authorization"));
        JwtClaims claims = internalClaims(echo);
        assertEquals("admin-sub", claims.getSubject());
        assertEquals(List.of("admin"), claims.getStringListClaimValue("groups"));
        assertEquals("oidc", claims.getClaimValueAsString("auth"));
        assertEquals("admin@partnerportal.test", claims.getClaimValueAsString("email"));
    }

    @Test
    void eachPathGoesToTheServiceThatOwnsIt() {
        String admin = OidcTokens.of("admin", "admin");
        call(admin, "GET", "/api/partners").then().statusCode(200).header("X-Echo", "partner-service");
        call(admin, "GET", "/api/partners/" + DEMO + "/timeline").then().statusCode(200).header("X-Echo", "engagement-service");
        call(admin, "GET", "/api/dashboard").then().statusCode(200).header("X-Echo", "engagement-service");
        call(null, "GET", "/api/nda/template?lang=ar").then().statusCode(200).header("X-Echo", "nda-service");
        call(admin, "GET", "/api/partners/" + DEMO + "/ndas").then().statusCode(200).header("X-Echo", "nda-service");
    }

    @Test
    void superAdminIsAlsoAdmin() throws Exception {
        JsonPath echo = call(OidcTokens.of("superadmin", "super_admin"), "GET", "/api/partners")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(internalClaims(echo).getStringListClaimValue("groups").containsAll(List.of("admin", "super_admin")));
        assertProblem(call(OidcTokens.of("admin", "admin"), "GET", "/api/notifications/config"), 403);
    }

    @Test
    void partnerUserReachesItsOwnPartnerOnlyAndNeverAdminPaths() throws Exception {
        String partner = OidcTokens.partner(DEMO);
        JsonPath echo = call(partner, "GET", "/api/partners/" + DEMO + "/timeline").then().statusCode(200).extract().jsonPath();
        JwtClaims claims = internalClaims(echo);
        assertEquals(DEMO, claims.getClaimValueAsString("partnerId"));
        assertEquals(List.of("partner"), claims.getStringListClaimValue("groups"));
        call(partner, "GET", "/api/partner/me").then().statusCode(200).header("X-Echo", "partner-service");

        assertProblem(call(partner, "GET", "/api/partners/" + OTHER), 404);
        assertProblem(call(partner, "GET", "/api/partners/" + OTHER + "/timeline"), 404);
        assertProblem(call(partner, "GET", "/api/partners"), 403);
        assertProblem(call(partner, "POST", "/api/access-requests/x1/approve"), 403);
    }

    @Test
    void partnerRoleWithoutAPartnerIdIsNoPartnerUser() {
        assertProblem(call(OidcTokens.of("stray", "partner"), "GET", "/api/partner/me"), 403);
    }

    @Test
    void forgedExpiredOrForeignTokensAre401() throws Exception {
        var otherKey = KeyPairGenerator.getInstance("RSA");
        otherKey.initialize(2048);
        String forged = OidcTokens.claims("admin", List.of("admin")).jws().sign(otherKey.generateKeyPair().getPrivate());
        String expired = OidcTokens.sign(OidcTokens.claims("admin", List.of("admin"))
                .issuedAt(System.currentTimeMillis() / 1000 - 3600).expiresAt(System.currentTimeMillis() / 1000 - 1800));
        String wrongAudience = OidcTokens.sign(OidcTokens.claims("admin", List.of("admin")).audience("account"));
        String wrongIssuer = OidcTokens.sign(Jwt.issuer("https://evil.test").audience(OidcTokens.AUDIENCE)
                .subject("x").claim("realm_access", java.util.Map.of("roles", List.of("admin"))).expiresIn(300));
        String valid = OidcTokens.of("admin", "admin");
        String[] parts = valid.split("\\.");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        String escalated = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"admin\"", "\"super_admin\"").getBytes())
                + "." + parts[2];
        for (String token : List.of(forged, expired, wrongAudience, wrongIssuer, unsigned, escalated)) {
            assertProblem(call(token, "GET", "/api/partners"), 401);
        }
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        String admin = OidcTokens.of("admin", "admin");
        assertProblem(call(admin, "GET", "/api/nothing-here"), 404);
        assertProblem(call(admin, "DELETE", "/api/tiers"), 405);
        assertProblem(call(admin, "GET", "/api/partners/..%2F..%2Fetc"), 404);
    }

    @Test
    void aServiceThatIsDownIs503AndASlowOneIs504() {
        String superAdmin = OidcTokens.of("superadmin", "super_admin");
        Response down = call(superAdmin, "GET", "/api/notifications/templates");
        assertProblem(down, 503);
        down.then().header("X-Request-Id", notNullValue()).body("detail", containsString("notification-service"));

        Response slow = given().auth().oauth2(superAdmin).header("X-Test-Delay-Ms", "4000").when().get("/api/partners");
        assertProblem(slow, 504);
    }

    @Test
    void requestIdIsKeptOrMadeAndSpoofedForwardingHeadersAreReplaced() {
        JsonPath echo = given().auth().oauth2(OidcTokens.of("admin", "admin"))
                .header("X-Request-Id", "req-12345678").header("X-Forwarded-For", "203.0.113.9")
                .header("X-Real-IP", "203.0.113.9").header("Cookie", "session=secret")
                .when().get("/api/partners")
                .then().statusCode(200).header("X-Request-Id", "req-12345678").extract().jsonPath();
        assertEquals("req-12345678", echo.getString("headers.x-request-id"));
        assertEquals("127.0.0.1", echo.getString("headers.x-real-ip"));
        assertEquals("127.0.0.1", echo.getString("headers.x-forwarded-for"));
        assertNull(echo.get("headers.cookie"));

        String made = call(OidcTokens.of("admin", "admin"), "GET", "/api/partners").header("X-Request-Id");
        assertFalse(made == null || made.isBlank());
    }

    @Test
    void answersCarryTheSecurityHeaders() {
        call(null, "GET", "/api/nda/template").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Referrer-Policy", "no-referrer");
    }

    @Test
    void oversizedBodiesAreRefusedBeforeForwarding() {
        given().auth().oauth2(OidcTokens.of("admin", "admin")).contentType(ContentType.JSON)
                .body("x".repeat(2048)).when().post("/api/partners")
                .then().statusCode(413).contentType("application/problem+json");
    }

    /** Found by the system fuzzer: a body over Quarkus's own limit got a bare 413, not a problem. */
    @Test
    void aBodyOverTheHttpLayersLimitIsStillAProblem() {
        given().auth().oauth2(OidcTokens.of("admin", "admin")).contentType(ContentType.JSON)
                .body(new byte[10 * 1024 * 1024 + 1]).when().post("/api/partners")
                .then().statusCode(413).contentType("application/problem+json");
    }

    /**
     * Found by the system fuzzer: a URI with a broken percent-escape got the HTTP layer's bare 400
     * before any route. Sent over a plain socket: HTTP clients refuse to send such a URI.
     */
    @Test
    void aMalformedUriIsAProblemBeforeAnyRoute() throws Exception {
        for (String target : List.of("/api/partners/%ZZ", "/api/partners/a%2", "/api/partners?q=%",
                "/admin/%ZZ", "/q/health/%ZZ")) {
            String answer = rawGet(target);
            String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
            JsonPath problem = new JsonPath(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertTrue(head.startsWith("http/1.1 400"), target + ": " + head);
            assertTrue(head.contains("content-type: application/problem+json"), target + ": " + head);
            assertFalse(head.contains("x-echo"), target + " reached a service");
            assertEquals(400, problem.getInt("status"), target);
            assertEquals("https://partnerportal.org/problems/malformed-uri", problem.getString("type"), target);
            assertEquals("Malformed URI", problem.getString("title"), target);
        }
        // a well-formed escape still goes through
        given().auth().oauth2(OidcTokens.of("admin", "admin")).urlEncodingEnabled(false).when().get("/api/partners?q=caf%C3%A9%20x")
                .then().statusCode(200).header("X-Echo", "partner-service");
    }

    private static String rawGet(String target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void healthIsPublic() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}

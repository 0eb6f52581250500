package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.partnerportal.common.links.ProposalTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;

/** A token link is accepted only exactly as nda-service issued it, for its own partner. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class LinkTamperTest {

    static final String A = RoleMatrixTest.A;
    static final String B = RoleMatrixTest.B;

    private static int proposal(String partnerId, String token) {
        return given().queryParam("token", token).when().get("/api/proposals/" + partnerId).statusCode();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidProposalLinkReachesNdaServiceAsItsHolderAndTheTokenTravelsNoFurther() throws Exception {
        String token = LinkTokens.proposal(A);
        JsonPath echo = given().queryParam("token", token).queryParam("lang", "ar").when().get("/api/proposals/" + A)
                .then().statusCode(200).header("Referrer-Policy", "no-referrer").extract().jsonPath();
        assertEquals("/api/proposals/" + A + "?lang=ar", echo.getString("uri"));
        assertFalse(echo.prettify().contains(token), "the link token is not forwarded");
        JwtClaims claims = internal(echo);
        assertEquals("proposal", claims.getClaimValueAsString("auth"));
        assertEquals(A, claims.getClaimValueAsString("partnerId"));
        assertEquals(List.of("proposal"), claims.getStringListClaimValue("groups"));
        // the header form works the same
        given().header("X-Link-Token", token).when().post("/api/proposals/" + A + "/views").then().statusCode(200);
        // and so does what the proposal page's sendBeacon sends: a JSON body, the token in the query
        JsonPath beacon = given().queryParam("token", token).contentType("application/json")
                .body("{\"section\":\"hero\",\"seconds\":4}").when().post("/api/proposals/" + A + "/views")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("/api/proposals/" + A + "/views", beacon.getString("uri"));
        assertEquals("{\"section\":\"hero\",\"seconds\":4}", beacon.getString("body"));
        assertFalse(beacon.prettify().contains(token), "the link token is not forwarded");
    }

    @Test
    void tamperedProposalTokensAre401() throws Exception {
        String valid = LinkTokens.proposal(A);
        String[] parts = valid.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Instant now = Instant.now();

        String otherPartner = parts[0] + "." + b64(payload.replace(A, B)) + "." + parts[2];
        String algNone = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        // HS256 "signed" with the RSA public key as the secret: the classic algorithm confusion
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(LinkTokens.read("proposal-token-public.pem").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hsHeader = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"proposal-1\"}");
        String hsConfusion = hsHeader + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((hsHeader + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        String otherKey = ProposalTokens.sign(keys.generateKeyPair().getPrivate(), "proposal-1", A, "jti-x", now,
                now.plus(Duration.ofDays(30)));
        String expired = LinkTokens.proposal(A, now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(1)));
        String notYetValid = LinkTokens.proposal(A, now.plus(Duration.ofHours(2)), now.plus(Duration.ofDays(30)));
        String wrongIssuer = Jwt.issuer("https://evil.test").audience(ProposalTokens.AUDIENCE).subject(A)
                .claim("partnerId", A).claim("jti", "j1").expiresIn(3600).jws().keyId("proposal-1")
                .sign(ProposalTokens.readPrivateKey(LinkTokens.read("proposal-token-private.pem")));
        String wrongAudience = Jwt.issuer(ProposalTokens.ISSUER).audience("partner-portal-gateway").subject(A)
                .claim("partnerId", A).claim("jti", "j2").expiresIn(3600).jws().keyId("proposal-1")
                .sign(ProposalTokens.readPrivateKey(LinkTokens.read("proposal-token-private.pem")));
        String truncated = valid.substring(0, valid.length() - 10);
        String oidcToken = OidcTokens.of("admin", "admin");

        for (String bad : List.of(otherPartner, algNone, hsConfusion, otherKey, expired, notYetValid, wrongIssuer,
                wrongAudience, truncated, oidcToken, "")) {
            assertEquals(401, proposal(A, bad), "accepted: " + bad);
        }
        // a valid link of A on B's proposal
        assertEquals(401, proposal(B, valid));
        // no link at all, and a bearer token instead of a link
        given().when().get("/api/proposals/" + A).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(oidcToken).when().get("/api/proposals/" + A).then().statusCode(401);
    }

    @Test
    void aRotatedKeysTokensKeepWorkingUnderTheirKidOnly() {
        Instant now = Instant.now();
        Instant exp = now.plus(Duration.ofDays(1));
        PrivateKey retired = GatewayTestResource.retiredProposalKeys().getPrivate();
        PrivateKey current = ProposalTokens.readPrivateKey(LinkTokens.read("proposal-token-private.pem"));
        // issued before the rotation: the retired key under its own kid, still in the gateway's folder
        String before = ProposalTokens.sign(retired, GatewayTestResource.RETIRED_PROPOSAL_KID, A, "jti-r1", now, exp);
        assertEquals(200, proposal(A, before));
        // a kid names exactly one key: no other key's signature passes under it, and an unknown kid is refused
        String retiredUnderCurrentKid = ProposalTokens.sign(retired, ProposalTokens.DEFAULT_KID, A, "jti-r2", now, exp);
        String currentUnderRetiredKid = ProposalTokens.sign(current, GatewayTestResource.RETIRED_PROPOSAL_KID, A,
                "jti-r3", now, exp);
        String unknownKid = ProposalTokens.sign(current, "proposal-9", A, "jti-r4", now, exp);
        for (String bad : List.of(retiredUnderCurrentKid, currentUnderRetiredKid, unknownKid)) {
            assertEquals(401, proposal(A, bad), "accepted: " + bad);
        }
    }

    @Test
    void legacyCodesTravelOnlyAsTheirHash() throws Exception {
        JsonPath echo = given().queryParam("token", "MOL-2025-ACCESS").when().get("/api/proposals/" + A)
                .then().statusCode(200).extract().jsonPath();
        JwtClaims claims = internal(echo);
        assertEquals("proposal-code", claims.getClaimValueAsString("auth"));
        assertEquals(64, claims.getClaimValueAsString("codeHash").length());
        assertFalse(echo.prettify().contains("MOL-2025-ACCESS"));
        assertEquals(401, proposal(A, "x"), "too short to be a code");
    }

    @Test
    void portalLinksAreCheckedByTheirHmac() throws Exception {
        String token = LinkTokens.portal(A, 3);
        assertEquals(token, LinkTokens.portal(A, 3), "deterministic");
        JsonPath echo = given().when().get("/api/portal/" + token).then().statusCode(200).extract().jsonPath();
        JwtClaims claims = internal(echo);
        assertEquals("portal", claims.getClaimValueAsString("auth"));
        assertEquals(A, claims.getClaimValueAsString("partnerId"));
        assertEquals(3L, ((Number) claims.getClaimValue("keyVersion")).longValue());
        given().when().get("/api/portal/" + token + "/timeline").then().statusCode(200);

        String[] p = token.split("\\.");
        String otherPartner = p[0] + "." + B + "." + p[2] + "." + p[3] + "." + p[4];
        String otherVersion = p[0] + "." + A + ".4." + p[3] + "." + p[4];
        String longer = p[0] + "." + A + "." + p[2] + "." + (Long.parseLong(p[3]) + 86400) + "." + p[4];
        String flipped = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        for (String bad : List.of(otherPartner, otherVersion, longer, flipped, "p1." + A + ".3", "garbage")) {
            given().when().get("/api/portal/" + bad).then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void anExpiredPortalLinkAndALinkOfTheOldFormatWithoutExpiryAreRefused() throws Exception {
        String expired = LinkTokens.portal(A, 1, java.time.Instant.now().minusSeconds(1));
        given().when().get("/api/portal/" + expired).then().statusCode(401).contentType("application/problem+json");
        given().when().get("/api/portal/" + expired + "/timeline").then().statusCode(401);
        String valid = LinkTokens.portal(A, 1, java.time.Instant.now().plusSeconds(120));
        given().when().get("/api/portal/" + valid).then().statusCode(200);

        // the first format (p1, no expiry), with a correct MAC, lived forever: refused now
        byte[] key = org.partnerportal.common.links.PortalToken.decodeKey(LinkTokens.read("portal-hmac.key"));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        String v1 = "p1." + A + ".1." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(("portal:" + A + ":1").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        given().when().get("/api/portal/" + v1).then().statusCode(401).contentType("application/problem+json");
    }

    private static JwtClaims internal(JsonPath echo) throws Exception {
        return GatewayTest.internalClaims(echo);
    }
}

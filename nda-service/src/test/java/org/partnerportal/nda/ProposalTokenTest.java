package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.partnerportal.common.links.ProposalTokens;
import org.partnerportal.nda.service.AccessGuard;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(NdaTestResource.class)
class ProposalTokenTest {

    @Inject
    AccessGuard guard;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    @Test
    void anIssuedTokenIsASignedThirtyDayJwtAndItsEventCarriesNoToken() throws Exception {
        String id = Fixtures.partner("Ooredoo");
        Instant before = Instant.now();
        JsonPath t = Fixtures.issue(id);
        String token = t.getString("token");
        assertTrue(t.getString("url").endsWith("/partnership/" + id + "?token=" + token));

        ProposalTokens.Claims c = ProposalTokens.verify(Fixtures.proposalPublicKey(), token, Instant.now()).orElseThrow();
        assertEquals(id, c.partnerId());
        assertEquals(t.getString("jti"), c.jti());
        assertEquals("proposal-1", c.kid());
        assertEquals(Duration.ofDays(30), Duration.between(c.issuedAt(), c.expiresAt()));
        assertFalse(c.issuedAt().isBefore(before.minusSeconds(1)));
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"RS256\"") && header.contains("\"kid\":\"proposal-1\""), header);

        KafkaEvents.Recorded issued = Fixtures.events("nda-events", id, "ProposalIssued", 1).get(0);
        assertTrue(issued.data().contains(c.jti()));
        assertFalse(issued.data().contains(token.split("\\.")[2]), "no token in a public event");
        assertEquals(id, issued.subject());
    }

    @Test
    void tamperedTokensFailVerification() throws Exception {
        String id = Fixtures.partner("Tamper Co");
        String token = Fixtures.issue(id).getString("token");
        String[] p = token.split("\\.");
        Instant now = Instant.now();
        var key = Fixtures.proposalPublicKey();
        assertTrue(ProposalTokens.verify(key, token, now).isPresent());

        // changed payload: another partner, original signature
        String other = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace(id, UUID.randomUUID().toString());
        String changed = p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(other.getBytes(StandardCharsets.UTF_8)) + "." + p[2];
        assertTrue(ProposalTokens.verify(key, changed, now).isEmpty(), "changed payload");
        // alg: none, no signature
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(ProposalTokens.verify(key, none + "." + p[1] + ".", now).isEmpty(), "alg none");
        assertTrue(ProposalTokens.verify(key, none + "." + p[1] + "." + p[2], now).isEmpty(), "alg none with a signature");
        // signed with another key
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        String forged = ProposalTokens.sign(gen.generateKeyPair().getPrivate(), "proposal-1", id, "x", now, now.plusSeconds(60));
        assertTrue(ProposalTokens.verify(key, forged, now).isEmpty(), "other key");
        // expired (checked on a fixed instant)
        assertTrue(ProposalTokens.verify(key, token, now.plus(Duration.ofDays(30)).plusSeconds(1)).isEmpty(), "expired");
        assertTrue(ProposalTokens.verify(key, "garbage", now).isEmpty());
    }

    @Test
    void theServiceAcceptsOnlyALiveJtiOfThePathPartner() {
        String id = Fixtures.partner("MOL");
        String other = Fixtures.partner("OCCI");
        Fixtures.content(id);
        String jti = Fixtures.issue(id).getString("jti");
        String holder = Fixtures.proposalJwt(id, jti);

        given().auth().oauth2(holder).get("/api/proposals/" + id).then().statusCode(200)
                .body("sections.hero", startsWith("# Welcome")).body("partnerName", equalTo("MOL"));
        // the token of one partner on another partner's path
        given().auth().oauth2(holder).get("/api/proposals/" + other).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(Fixtures.proposalJwt(other, jti)).get("/api/proposals/" + other).then().statusCode(401);
        // a jti this service never issued
        given().auth().oauth2(Fixtures.proposalJwt(id, UUID.randomUUID().toString())).get("/api/proposals/" + id).then().statusCode(401);

        // expiry on the service's clock
        TestClock.advance(Duration.ofDays(30).plusSeconds(5));
        given().auth().oauth2(holder).get("/api/proposals/" + id).then().statusCode(401);
        TestClock.reset();
        given().auth().oauth2(holder).get("/api/proposals/" + id).then().statusCode(200);

        // revocation, then re-issue
        given().auth().oauth2(Tokens.admin()).delete("/api/partners/" + id + "/proposal-tokens/" + jti).then().statusCode(204);
        given().auth().oauth2(holder).get("/api/proposals/" + id).then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/proposal-tokens").then().statusCode(200)
                .body("items.find { it.jti == '" + jti + "' }.revokedAt", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(Tokens.admin()).delete("/api/partners/" + id + "/proposal-tokens/" + UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Fixtures.holder(id)).get("/api/proposals/" + id).then().statusCode(200);
    }

    @Test
    void contentNeverReachesACallerWithoutAToken() {
        String id = Fixtures.partner("Bank Sohar");
        Fixtures.content(id);
        given().get("/api/proposals/" + id).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.anonymous()).get("/api/proposals/" + id).then().statusCode(403);
        given().auth().oauth2(Tokens.partner(id)).get("/api/proposals/" + id).then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).get("/api/proposals/" + id).then().statusCode(403);
        given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/proposals/" + id).then().statusCode(403);
        // and never in an event
        Fixtures.issue(id);
        Fixtures.events("nda-events", id, "ProposalIssued", 1);
        assertTrue(KafkaEvents.all("nda-events").stream().noneMatch(r -> r.data() != null && r.data().contains("Secret terms")));
        // only admins manage it
        given().auth().oauth2(Tokens.partner(id)).contentType("application/json").body("{\"sections\":{}}")
                .put("/api/partners/" + id + "/proposal").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"sections\":{\"pricing\":\"x\"}}")
                .put("/api/partners/" + id + "/proposal").then().statusCode(400).body("errors[0].field", equalTo("sections.pricing"));
    }

    @Test
    void legacyCodesWorkOnlyWhileAccepted() throws Exception {
        String id = Fixtures.partner("Usman");
        Fixtures.content(id);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"code\":\"USMAN-2024\"}")
                .post("/api/partners/" + id + "/legacy-codes").then().statusCode(204);
        String jwt = Fixtures.codeJwt(id, Fixtures.sha256("USMAN-2024"));
        boolean before = guard.legacyCodesAccepted();
        try {
            guard.legacyCodesAccepted(true);
            given().auth().oauth2(jwt).get("/api/proposals/" + id).then().statusCode(200);
            given().auth().oauth2(Fixtures.codeJwt(id, Fixtures.sha256("WRONG"))).get("/api/proposals/" + id).then().statusCode(401);
            guard.legacyCodesAccepted(false);
            given().auth().oauth2(jwt).get("/api/proposals/" + id).then().statusCode(401);
        } finally {
            guard.legacyCodesAccepted(before);
        }
    }
}

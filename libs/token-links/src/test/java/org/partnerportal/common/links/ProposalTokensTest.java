package org.partnerportal.common.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proposal-link JWT on its own: exactly where expiry and the not-before skew cut, what a key
 * rotation means (one key verifies whatever the {@code kid}; a keyring picks the key by kid), and
 * that any change to a signed token — header, claims, signature, algorithm — makes it worthless.
 */
class ProposalTokensTest {

    static final String PARTNER = "5e7d0000-0000-4000-8000-000000000001";
    static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static KeyPair keys;
    static KeyPair otherKeys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    static String token(Instant iat, Instant exp) {
        return ProposalTokens.sign(keys.getPrivate(), ProposalTokens.DEFAULT_KID, PARTNER, "jti-1", iat, exp);
    }

    static Optional<ProposalTokens.Claims> verify(String token, Instant now) {
        return ProposalTokens.verify(keys.getPublic(), token, now);
    }

    @Test
    void aFreshTokenSaysWhoAndUntilWhen() {
        Instant exp = NOW.plus(ProposalTokens.VALIDITY);
        ProposalTokens.Claims claims = verify(token(NOW, exp), NOW).orElseThrow();
        assertEquals(PARTNER, claims.partnerId());
        assertEquals("jti-1", claims.jti());
        assertEquals(NOW, claims.issuedAt());
        assertEquals(exp, claims.expiresAt());
        assertEquals(ProposalTokens.DEFAULT_KID, claims.kid());
    }

    @Test
    void expiryIsExclusiveToTheSecondWithNoGrace() {
        String token = token(NOW.minusSeconds(3600), NOW);
        assertTrue(verify(token, NOW.minusSeconds(1)).isPresent(), "valid one second before exp");
        assertTrue(verify(token, NOW.minusMillis(1)).isPresent(), "valid a millisecond before exp");
        assertTrue(verify(token, NOW).isEmpty(), "refused at exp itself");
        assertTrue(verify(token, NOW.plusSeconds(1)).isEmpty(), "refused after exp");
        // the skew is for clocks behind the issuer's (iat/nbf), never an extension of the 30 days
        assertTrue(verify(token, NOW.plus(ProposalTokens.CLOCK_SKEW).minusSeconds(1)).isEmpty());
    }

    @Test
    void issuedInTheFutureIsAcceptedWithinTheSkewOnly() {
        Instant exp = NOW.plus(ProposalTokens.VALIDITY);
        Instant edge = NOW.plus(ProposalTokens.CLOCK_SKEW);
        assertTrue(verify(token(edge, exp), NOW).isPresent(), "iat exactly one skew ahead");
        assertTrue(verify(token(edge.plusSeconds(1), exp), NOW).isEmpty(), "iat one second beyond the skew");
        assertTrue(verify(token(NOW.plus(ProposalTokens.VALIDITY.dividedBy(2)), exp), NOW).isEmpty());
    }

    @Test
    void notBeforeBeyondTheSkewIsRefused() {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"proposal-1\"}";
        String claims = "{\"iss\":\"partner-portal\",\"aud\":\"partner-portal-proposal\",\"sub\":\"%s\",\"partnerId\":\"%s\","
                + "\"jti\":\"j\",\"iat\":%d,\"nbf\":%d,\"exp\":%d}";
        long now = NOW.getEpochSecond();
        long skew = ProposalTokens.CLOCK_SKEW.toSeconds();
        long exp = now + 3600;
        assertTrue(verify(signed(header, claims.formatted(PARTNER, PARTNER, now, now + skew, exp)), NOW).isPresent());
        assertTrue(verify(signed(header, claims.formatted(PARTNER, PARTNER, now, now + skew + 1, exp)), NOW).isEmpty());
    }

    @Test
    void theKeyDecidesNotTheKid() {
        // a rotated key: the old verifier refuses tokens of the new key whatever kid they claim, and
        // the kid travels only as information (nda-service's revocation and rotation use it)
        String newKey = ProposalTokens.sign(otherKeys.getPrivate(), ProposalTokens.DEFAULT_KID, PARTNER, "j", NOW,
                NOW.plusSeconds(60));
        assertTrue(verify(newKey, NOW).isEmpty());
        assertTrue(ProposalTokens.verify(otherKeys.getPublic(), newKey, NOW).isPresent());
        String kid2 = ProposalTokens.sign(keys.getPrivate(), "proposal-2", PARTNER, "j", NOW, NOW.plusSeconds(60));
        assertEquals("proposal-2", verify(kid2, NOW).orElseThrow().kid());
        assertTrue(ProposalTokens.verify(otherKeys.getPublic(), kid2, NOW).isEmpty());
    }

    @Test
    void aKeyringPicksTheKeyByKidSoARotationKeepsOlderTokens() {
        // after a rotation: proposal-2 signs, proposal-1's public key stays listed for the tokens it signed
        Map<String, PublicKey> keyring = Map.of("proposal-1", keys.getPublic(), "proposal-2", otherKeys.getPublic());
        String before = ProposalTokens.sign(keys.getPrivate(), "proposal-1", PARTNER, "j1", NOW, NOW.plusSeconds(60));
        String after = ProposalTokens.sign(otherKeys.getPrivate(), "proposal-2", PARTNER, "j2", NOW, NOW.plusSeconds(60));
        assertEquals("proposal-1", ProposalTokens.verify(keyring, before, NOW).orElseThrow().kid());
        assertEquals("proposal-2", ProposalTokens.verify(keyring, after, NOW).orElseThrow().kid());
        // a kid names one key: another key's signature under it, an unknown kid or none are refused
        String crossed = ProposalTokens.sign(otherKeys.getPrivate(), "proposal-1", PARTNER, "j3", NOW, NOW.plusSeconds(60));
        String unknown = ProposalTokens.sign(keys.getPrivate(), "proposal-9", PARTNER, "j4", NOW, NOW.plusSeconds(60));
        String noKid = signed("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", "{\"iss\":\"partner-portal\",\"aud\":"
                + "\"partner-portal-proposal\",\"sub\":\"%s\",\"partnerId\":\"%s\",\"jti\":\"j\",\"iat\":%d,\"exp\":%d}"
                        .formatted(PARTNER, PARTNER, NOW.getEpochSecond(), NOW.getEpochSecond() + 60));
        assertTrue(ProposalTokens.verify(keys.getPublic(), noKid, NOW).isPresent(), "the token itself is sound");
        for (String bad : new String[] { crossed, unknown, noKid }) {
            assertTrue(ProposalTokens.verify(keyring, bad, NOW).isEmpty(), "accepted: " + bad);
        }
        // once proposal-1 is dropped from the keyring, its tokens stop working
        assertTrue(ProposalTokens.verify(Map.of("proposal-2", otherKeys.getPublic()), before, NOW).isEmpty());
    }

    @Test
    void everyTamperedPartIsRefused() {
        String token = token(NOW, NOW.plusSeconds(3600));
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherPartner = claims.replace(PARTNER, "6f8e0000-0000-4000-8000-000000000002");
        String longer = claims.replace("\"exp\":" + NOW.plusSeconds(3600).getEpochSecond(),
                "\"exp\":" + NOW.plusSeconds(999_999).getEpochSecond());
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        assertTrue(!claims.equals(otherPartner) && !claims.equals(longer), "the test changes something");
        for (String bad : new String[] {
                parts[0] + "." + B64.encodeToString(otherPartner.getBytes(StandardCharsets.UTF_8)) + "." + parts[2],
                parts[0] + "." + B64.encodeToString(longer.getBytes(StandardCharsets.UTF_8)) + "." + parts[2],
                B64.encodeToString(header.replace("proposal-1", "proposal-9").getBytes(StandardCharsets.UTF_8)) + "."
                        + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "." + flip(parts[2]),
                parts[0] + "." + parts[1] + ".",
                parts[0] + "." + parts[1],
                token + ".",
                token.substring(0, token.length() - 1),
                "", "...", "not a token", "a.b.c" }) {
            assertTrue(verify(bad, NOW).isEmpty(), "tampered token accepted: " + bad);
        }
        assertTrue(ProposalTokens.verify(keys.getPublic(), null, NOW).isEmpty());
        assertTrue(verify("x".repeat(5000), NOW).isEmpty());
    }

    @Test
    void algorithmConfusionIsRefused() throws Exception {
        String claims = "{\"iss\":\"partner-portal\",\"aud\":\"partner-portal-proposal\",\"sub\":\"%s\",\"partnerId\":\"%s\","
                .formatted(PARTNER, PARTNER) + "\"jti\":\"j\",\"iat\":%d,\"exp\":%d}"
                .formatted(NOW.getEpochSecond(), NOW.getEpochSecond() + 600);
        String body = B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        // alg none, unsigned
        String none = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + body + ".";
        assertTrue(verify(none, NOW).isEmpty());
        // HS256 keyed with the public key's bytes (the classic RS/HS confusion)
        String hsHeader = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys.getPublic().getEncoded(), "HmacSHA256"));
        String hs = hsHeader + "." + body + "." + B64.encodeToString(mac.doFinal((hsHeader + "." + body).getBytes(StandardCharsets.US_ASCII)));
        assertTrue(verify(hs, NOW).isEmpty());
        // RS256 signature bytes but a header that says something else
        String rsAsPs = signed("{\"alg\":\"PS256\",\"typ\":\"JWT\"}", claims);
        assertTrue(verify(rsAsPs, NOW).isEmpty());
        // the same claims properly signed pass: what failed above was the algorithm alone
        assertTrue(verify(signed("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims), NOW).isPresent());
    }

    @Test
    void claimsThatDoNotFitAreRefusedEvenWhenSigned() {
        long iat = NOW.getEpochSecond();
        long exp = iat + 600;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String fmt = "{\"iss\":%s,\"aud\":%s,\"sub\":%s,\"partnerId\":%s,\"jti\":%s,\"iat\":%d,\"exp\":%s}";
        String p = "\"" + PARTNER + "\"";
        assertTrue(verify(signed(header, fmt.formatted("\"partner-portal\"", "[\"x\",\"partner-portal-proposal\"]", p, p,
                "\"j\"", iat, exp)), NOW).isPresent(), "an audience array naming the proposal audience");
        for (String claims : new String[] {
                fmt.formatted("\"someone-else\"", "\"partner-portal-proposal\"", p, p, "\"j\"", iat, exp),
                fmt.formatted("\"partner-portal\"", "\"partner-portal-internal\"", p, p, "\"j\"", iat, exp),
                fmt.formatted("\"partner-portal\"", "[\"x\",\"y\"]", p, p, "\"j\"", iat, exp),
                fmt.formatted("\"partner-portal\"", "\"partner-portal-proposal\"", "\"other\"", p, "\"j\"", iat, exp),
                fmt.formatted("\"partner-portal\"", "\"partner-portal-proposal\"", p, "\"\"", "\"j\"", iat, exp),
                fmt.formatted("\"partner-portal\"", "\"partner-portal-proposal\"", p, p, "\"\"", iat, exp),
                fmt.formatted("\"partner-portal\"", "\"partner-portal-proposal\"", p, p, "\"j\"", iat, "\"soon\""),
                "{\"iss\":\"partner-portal\",\"aud\":\"partner-portal-proposal\",\"sub\":" + p + ",\"partnerId\":" + p
                        + ",\"jti\":\"j\",\"iat\":" + iat + "}" }) {
            assertTrue(verify(signed(header, claims), NOW).isEmpty(), "accepted: " + claims);
        }
    }

    @Test
    void keysAreReadFromPemAndRefusedOtherwise() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        String token = ProposalTokens.sign(ProposalTokens.readPrivateKey(privatePem), "k", PARTNER, "j", NOW, NOW.plusSeconds(9));
        assertTrue(ProposalTokens.verify(ProposalTokens.readPublicKey(pem), token, NOW).isPresent());
        assertThrows(IllegalArgumentException.class, () -> ProposalTokens.readPublicKey(privatePem));
        assertThrows(IllegalArgumentException.class, () -> ProposalTokens.readPrivateKey(pem));
    }

    private static String signed(String header, String claims) {
        try {
            String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String flip(String s) {
        char c = s.charAt(s.length() / 2);
        return s.substring(0, s.length() / 2) + (c == 'A' ? 'B' : 'A') + s.substring(s.length() / 2 + 1);
    }
}

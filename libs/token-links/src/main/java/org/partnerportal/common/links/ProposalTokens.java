package org.partnerportal.common.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The proposal link token and the names around it, shared by nda-service (signs) and the gateway
 * (verifies): a JWT, RS256 only, {@code kid} in the header, iss {@value #ISSUER}, aud
 * {@value #AUDIENCE}, sub = partnerId, claims {@code partnerId}, {@code jti}, iat, exp (30 days).
 * Also the shape of the internal JWT the gateway sends for a token holder. JDK and Jackson only.
 */
public final class ProposalTokens {

    public static final String ISSUER = "partner-portal";
    public static final String AUDIENCE = "partner-portal-proposal";
    public static final String ALGORITHM = "RS256";
    public static final String DEFAULT_KID = "proposal-1";
    public static final Duration VALIDITY = Duration.ofDays(30);
    /** How far a token's iat/nbf may lie in the future before it counts as not yet valid. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    public static final String CLAIM_PARTNER_ID = "partnerId";
    public static final String CLAIM_JTI = "jti";

    /** Internal JWT (gateway → service) for token holders: the {@code auth} claim values and groups. */
    public static final String AUTH_CLAIM = "auth";
    public static final String AUTH_PROPOSAL = "proposal";
    public static final String AUTH_PROPOSAL_CODE = "proposal-code";
    public static final String AUTH_PORTAL = "portal";
    public static final String GROUP_PROPOSAL = "proposal";
    public static final String GROUP_PORTAL = "portal";
    public static final String CLAIM_CODE_HASH = "codeHash";
    public static final String CLAIM_KEY_VERSION = "keyVersion";

    /**
     * The internal JWT's {@code keyVersion} claim as a number, however the JWT library hands it over
     * (a Java number, a JSON number, its text); -1 when absent or not a number.
     */
    public static long keyVersionOf(Object claim) {
        if (claim instanceof Number n) {
            return n.longValue();
        }
        if (claim != null) {
            try {
                return Long.parseLong(claim.toString().trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** What a verified proposal token says. */
    public record Claims(String partnerId, String jti, Instant issuedAt, Instant expiresAt, String kid) {
    }

    private ProposalTokens() {
    }

    public static String sign(PrivateKey key, String kid, String partnerId, String jti, Instant issuedAt, Instant expiresAt) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", ALGORITHM);
        header.put("typ", "JWT");
        header.put("kid", kid);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", partnerId);
        claims.put(CLAIM_PARTNER_ID, partnerId);
        claims.put(CLAIM_JTI, jti);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        try {
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign a proposal token", e);
        }
    }

    /**
     * Verifies signature (RS256 only: {@code alg: none} or any other algorithm is refused), issuer,
     * audience, that sub and partnerId agree, and expiry against {@code now}. Empty when any check
     * fails; revocation of the jti is the issuer's check.
     */
    public static Optional<Claims> verify(PublicKey key, String token, Instant now) {
        if (token == null || token.length() > 4096) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!ALGORITHM.equals(header.path("alg").asText())) {
                return Optional.empty();
            }
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode c = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String partnerId = c.path(CLAIM_PARTNER_ID).asText(null);
            String jti = c.path(CLAIM_JTI).asText(null);
            if (!ISSUER.equals(c.path("iss").asText()) || !audienceMatches(c.get("aud")) || partnerId == null
                    || partnerId.isEmpty() || !partnerId.equals(c.path("sub").asText()) || jti == null || jti.isEmpty()
                    || !c.path("exp").canConvertToLong()) {
                return Optional.empty();
            }
            Instant exp = Instant.ofEpochSecond(c.get("exp").asLong());
            if (!now.isBefore(exp)) {
                return Optional.empty();
            }
            Instant iat = c.path("iat").canConvertToLong() ? Instant.ofEpochSecond(c.get("iat").asLong()) : null;
            Instant nbf = c.path("nbf").canConvertToLong() ? Instant.ofEpochSecond(c.get("nbf").asLong()) : null;
            // not yet valid: issued or usable only in the future (beyond a minute of clock skew)
            Instant latest = now.plus(CLOCK_SKEW);
            if (iat != null && iat.isAfter(latest) || nbf != null && nbf.isAfter(latest)) {
                return Optional.empty();
            }
            return Optional.of(new Claims(partnerId, jti, iat, exp, header.path("kid").asText(null)));
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static boolean audienceMatches(JsonNode aud) {
        if (aud == null) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode a : aud) {
                if (AUDIENCE.equals(a.asText())) {
                    return true;
                }
            }
            return false;
        }
        return AUDIENCE.equals(aud.asText());
    }

    /** A PKCS#8 ("PRIVATE KEY") PEM. */
    public static PrivateKey readPrivateKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an RSA PKCS#8 private key", e);
        }
    }

    /** An X.509 SubjectPublicKeyInfo ("PUBLIC KEY") PEM. */
    public static PublicKey readPublicKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an RSA public key", e);
        }
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }
}

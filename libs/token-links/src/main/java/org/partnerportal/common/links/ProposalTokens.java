package org.partnerportal.common.links;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The proposal link token and the names around it, shared by nda-service (signs) and the gateway
 * (verifies): a JWT, RS256 only, {@code kid} in the header, iss {@value #ISSUER}, aud
 * {@value #AUDIENCE}, sub = partnerId, claims {@code partnerId}, {@code jti}, iat, exp (30 days).
 * Also the shape of the internal JWT the gateway sends for a token holder. Signed and verified
 * with jose4j (in the Quarkus platform, under smallrye-jwt); the verifier picks the key by
 * {@code kid}, so the signing key can rotate while the tokens issued before keep working.
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

    /** What a verified proposal token says. */
    public record Claims(String partnerId, String jti, Instant issuedAt, Instant expiresAt, String kid) {
    }

    private ProposalTokens() {
    }

    public static String sign(PrivateKey key, String kid, String partnerId, String jti, Instant issuedAt, Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(partnerId);
        claims.setClaim(CLAIM_PARTNER_ID, partnerId);
        claims.setJwtId(jti);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKeyIdHeaderValue(kid);
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign a proposal token", e);
        }
    }

    /**
     * Verifies with the one key given, whatever {@code kid} the token names (the kid is only
     * reported): signature (RS256 only: {@code alg: none} or any other algorithm is refused),
     * issuer, audience, that sub and partnerId agree, and expiry against {@code now}. Empty when
     * any check fails; revocation of the jti is the issuer's check.
     */
    public static Optional<Claims> verify(PublicKey key, String token, Instant now) {
        return verify((jws, nested) -> key, token, now);
    }

    /**
     * The same checks with the key the token's {@code kid} names among {@code keysByKid} (the
     * current key and the retired ones whose tokens still count): a key rotation signs new tokens
     * under a new kid while the tokens issued before keep working as long as their kid is listed.
     * A token without a kid, or with one not listed, is refused.
     */
    public static Optional<Claims> verify(Map<String, PublicKey> keysByKid, String token, Instant now) {
        Map<String, PublicKey> keys = Map.copyOf(keysByKid);
        return verify((jws, nested) -> {
            String kid = jws.getKeyIdHeaderValue();
            PublicKey key = kid == null ? null : keys.get(kid);
            if (key == null) {
                throw new UnresolvableKeyException("no proposal-token key with that kid");
            }
            return key;
        }, token, now);
    }

    private static Optional<Claims> verify(VerificationKeyResolver keys, String token, Instant now) {
        if (token == null || token.length() > 4096) {
            return Optional.empty();
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHM)
                .setVerificationKeyResolver(keys)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setRequireSubject()
                .setRequireJwtId()
                .setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromSeconds(now.getEpochSecond()))
                // the skew is for clocks behind the issuer's (nbf here, iat below); exp gets none, below
                .setAllowedClockSkewInSeconds((int) CLOCK_SKEW.toSeconds())
                .build();
        try {
            JwtContext context = consumer.process(token);
            JwtClaims c = context.getJwtClaims();
            String partnerId = c.getClaimValue(CLAIM_PARTNER_ID) instanceof String p ? p : null;
            String jti = c.getJwtId();
            if (partnerId == null || partnerId.isEmpty() || !partnerId.equals(c.getSubject()) || jti.isEmpty()) {
                return Optional.empty();
            }
            Instant exp = Instant.ofEpochSecond(c.getExpirationTime().getValue());
            // exclusive and without grace, to the millisecond: jose4j's check allows the skew
            if (!now.isBefore(exp)) {
                return Optional.empty();
            }
            Instant iat = c.getIssuedAt() == null ? null : Instant.ofEpochSecond(c.getIssuedAt().getValue());
            // not yet valid: issued in the future beyond a minute of clock skew
            if (iat != null && iat.isAfter(now.plus(CLOCK_SKEW))) {
                return Optional.empty();
            }
            String kid = context.getJoseObjects().get(0).getKeyIdHeaderValue();
            return Optional.of(new Claims(partnerId, jti, iat, exp, kid));
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException e) {
            return Optional.empty();
        }
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

package org.partnerportal.testsupport;

import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Mints the internal JWT that the gateway would send, signed with the test key, for the service
 * under test (its audience is read from {@code mp.jwt.verify.audiences}).
 */
public final class Tokens {

    public static final String ISSUER = "partner-portal-gateway";

    private Tokens() {
    }

    public static String superAdmin() {
        return mint("superadmin-id", Set.of("super_admin", "admin"), null, "oidc");
    }

    public static String admin() {
        return mint("admin-id", Set.of("admin"), null, "oidc");
    }

    public static String partner(String partnerId) {
        return mint("partner-user-" + partnerId, Set.of("partner"), partnerId, "oidc");
    }

    public static String visitor() {
        return mint("visitor-id", Set.of(), null, "oidc");
    }

    /** What the gateway sends for a caller with no credential on a public path. */
    public static String anonymous() {
        return mint("anonymous", Set.of(), null, "anonymous");
    }

    public static String mint(String subject, Set<String> roles, String partnerId, String authMethod) {
        return builder(subject, roles, partnerId, authMethod).jws().keyId("internal-1").sign(privateKey());
    }

    public static JwtClaimsBuilder builder(String subject, Set<String> roles, String partnerId, String authMethod) {
        String audience = ConfigProvider.getConfig().getValue("mp.jwt.verify.audiences", String.class);
        JwtClaimsBuilder b = Jwt.issuer(ISSUER).audience(audience).subject(subject).groups(roles)
                .claim("auth", authMethod).expiresIn(120);
        if (partnerId != null) {
            b.claim("partnerId", partnerId);
        }
        return b;
    }

    public static PrivateKey privateKey() {
        try {
            String pem = Files.readString(TestInfra.keysDir().resolve("internal-jwt-private.pem"));
            String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the test's internal-JWT key", e);
        }
    }
}

package org.partnerportal.gateway;

import java.util.List;
import java.util.Map;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Access tokens shaped like Keycloak's, signed with the test OIDC key the gateway trusts. */
final class OidcTokens {

    static final String AUDIENCE = "partner-portal-gateway";

    private OidcTokens() {
    }

    static JwtClaimsBuilder claims(String user, List<String> roles) {
        return Jwt.issuer(GatewayTestResource.OIDC_ISSUER).audience(AUDIENCE).subject(user + "-sub")
                .claim("preferred_username", user).claim("email", user + "@partnerportal.test")
                .claim("realm_access", Map.of("roles", roles)).expiresIn(300);
    }

    static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("test-oidc").sign(GatewayTestResource.oidcKeys().getPrivate());
    }

    static String of(String user, String... roles) {
        return sign(claims(user, List.of(roles)));
    }

    static String partner(String partnerId) {
        return sign(claims("partner", List.of("partner")).claim("partnerId", partnerId));
    }
}

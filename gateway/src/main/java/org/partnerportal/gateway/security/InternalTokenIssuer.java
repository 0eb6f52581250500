package org.partnerportal.gateway.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.partnerportal.gateway.config.GatewayConfig;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Singleton;

/**
 * Signs the short-lived JWT the gateway calls a service with (issuer: the gateway, audience: that
 * service). An RSA signature costs about a millisecond, so a token is reused for the same caller
 * and service during the first half of its lifetime rather than signed per request.
 */
@Singleton
public class InternalTokenIssuer {

    private static final int MAX_CACHED = 10_000;

    private record Cached(String token, Instant reuseUntil) {
    }

    private final GatewayConfig.InternalJwt config;
    private final PrivateKey key;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    InternalTokenIssuer(GatewayConfig config) {
        this.config = config.internalJwt();
        this.key = readKey(Path.of(this.config.privateKeyLocation()));
    }

    public String tokenFor(Caller caller, String service) {
        String cacheKey = caller.cacheKey(service);
        Instant now = Instant.now();
        Cached hit = cache.get(cacheKey);
        if (hit != null && now.isBefore(hit.reuseUntil())) {
            return hit.token();
        }
        long lifetime = config.lifetime().toSeconds();
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer()).audience(service).subject(caller.subject())
                .groups(caller.roles()).claim("auth", caller.authMethod())
                .issuedAt(now).expiresAt(now.plusSeconds(lifetime));
        if (caller.partnerId() != null) {
            claims.claim("partnerId", caller.partnerId());
        }
        if (caller.email() != null) {
            claims.claim("email", caller.email());
        }
        caller.claims().forEach(claims::claim);
        if (caller.impersonatedBy() != null) {
            claims.claim("impersonatedBy", caller.impersonatedBy());
        }
        String token = claims.jws().keyId(config.keyId()).sign(key);
        if (cache.size() > MAX_CACHED) {
            cache.clear();
        }
        cache.put(cacheKey, new Cached(token, now.plusSeconds(lifetime / 2)));
        return token;
    }

    private static PrivateKey readKey(Path pem) {
        try {
            String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the internal-JWT signing key at " + pem
                    + " (pp.gateway.internal-jwt.private-key-location)", e);
        }
    }
}

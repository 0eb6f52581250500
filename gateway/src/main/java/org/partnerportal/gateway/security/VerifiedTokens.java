package org.partnerportal.gateway.security;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;

/**
 * Bearer tokens already verified, until they expire: a client sends the same access token with
 * every request for its lifetime, and its signature, issuer and audience do not change in
 * between. Only an exact token string hits; the expiry is re-checked on every hit. The gateway
 * verifies locally (no introspection), so a hit is exactly as trustworthy as a fresh check.
 */
@Singleton
public class VerifiedTokens {

    private static final int MAX_ENTRIES = 20_000;

    private record Entry(Caller caller, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public Optional<Caller> get(String token) {
        Entry e = entries.get(token);
        if (e == null) {
            return Optional.empty();
        }
        if (!Instant.now().isBefore(e.expiresAt())) {
            entries.remove(token);
            return Optional.empty();
        }
        return Optional.of(e.caller());
    }

    public void put(String token, SecurityIdentity identity, Caller caller) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(token, new Entry(caller, Instant.ofEpochSecond(jwt.getExpirationTime())));
    }
}

package org.partnerportal.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

/** The verified-token cache: each entry ends with its own token, and a full cache keeps its callers. */
class VerifiedTokensTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private final Caller caller = new Caller("u1", Set.of(Caller.ADMIN), null, "oidc", null, Map.of(), null);

    private Instant now() {
        return T0.plusNanos(nanos.get());
    }

    private static QuarkusSecurityIdentity identityExpiringAt(Instant exp) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("u1");
        claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
        return QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal(claims)).build();
    }

    private void advanceSeconds(long s) {
        nanos.addAndGet(s * 1_000_000_000L);
    }

    @Test
    void eachEntryLivesUntilItsOwnTokenExpires() {
        VerifiedTokens cache = new VerifiedTokens(this::now, nanos::get, 100);
        cache.put("short", identityExpiringAt(T0.plusSeconds(60)), caller);
        cache.put("long", identityExpiringAt(T0.plusSeconds(300)), caller);
        cache.put("expired", identityExpiringAt(T0.minusSeconds(1)), caller);

        assertTrue(cache.get("short").isPresent());
        assertTrue(cache.get("expired").isEmpty(), "a token already past its exp is never a hit");
        advanceSeconds(59);
        assertTrue(cache.get("short").isPresent(), "a second before its exp it still hits");
        advanceSeconds(1);
        assertTrue(cache.get("short").isEmpty(), "at its exp it is gone");
        assertEquals(caller, cache.get("long").orElseThrow(), "the longer token is untouched");
        advanceSeconds(240);
        assertTrue(cache.get("long").isEmpty());
    }

    @Test
    void aFullCacheEvictsSomeEntriesNotAll() {
        // the hand-written map emptied itself at its bound of 20,000: every signed-in caller was verified again at once
        int bound = 20_000;
        VerifiedTokens cache = new VerifiedTokens();
        QuarkusSecurityIdentity identity = identityExpiringAt(Instant.now().plusSeconds(300));
        IntStream.rangeClosed(0, bound).forEach(i -> cache.put("token-" + i, identity, caller));

        long hits = IntStream.rangeClosed(0, bound).filter(i -> cache.get("token-" + i).isPresent()).count();
        assertEquals(bound, hits, "one entry over the bound costs one entry");
    }
}

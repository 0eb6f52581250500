package org.partnerportal.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Bearer tokens already verified, until they expire: a client sends the same access token with
 * every request for its lifetime, and its signature, issuer and audience do not change in
 * between. Only an exact token string hits. The gateway verifies locally (no introspection), so a
 * hit is exactly as trustworthy as a fresh check.
 *
 * <p>A Caffeine cache: each entry lives until its own token's {@code exp} (a variable expiry, so
 * a hit never outlives the token), and past {@link #MAX_ENTRIES} the cache evicts what is least
 * likely to be asked again instead of forgetting every signed-in caller at once.
 */
@Singleton
public class VerifiedTokens {

    static final int MAX_ENTRIES = 20_000;

    private record Entry(Caller caller, Instant expiresAt) {
    }

    private final Cache<String, Entry> entries;
    private final Supplier<Instant> clock;

    @Inject
    VerifiedTokens() {
        this(Instant::now, Ticker.systemTicker(), MAX_ENTRIES);
    }

    /**
     * The tests' own time (a wall clock and the cache's ticker that they advance together) and
     * size; the cache's maintenance runs on the caller's thread, so an eviction is never pending.
     */
    VerifiedTokens(Supplier<Instant> clock, Ticker ticker, int maxEntries) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfter(Expiry.creating((String token, Entry e) -> {
                    Duration left = Duration.between(clock.get(), e.expiresAt());
                    return left.isNegative() ? Duration.ZERO : left;
                }))
                .build();
    }

    public Optional<Caller> get(String token) {
        return Optional.ofNullable(entries.getIfPresent(token)).map(Entry::caller);
    }

    public void put(String token, SecurityIdentity identity, Caller caller) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            return;
        }
        Instant expiresAt = Instant.ofEpochSecond(jwt.getExpirationTime());
        if (clock.get().isBefore(expiresAt)) {
            entries.put(token, new Entry(caller, expiresAt));
        }
    }
}

package org.partnerportal.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "pp.gateway")
public interface GatewayConfig {

    InternalJwt internalJwt();

    Links links();

    /** Base URL of each service, by service name. */
    Map<String, String> services();

    /** How long a service may stay silent before the caller gets 504. */
    Duration timeout();

    long maxBodyBytes();

    /** Peers whose {@code X-Forwarded-For} is believed: addresses, CIDR ranges, or {@code none}. */
    Optional<List<String>> trustedProxies();

    /** Whether an empty {@link #trustedProxies()} stops the gateway at start-up (prod). */
    @WithDefault("false")
    boolean requireTrustedProxies();

    @WithDefault("false")
    boolean hsts();

    /**
     * Whether the browser reaches the gateway over HTTPS, so that its own cookies can be
     * {@code Secure} and the CSRF cookie {@code __Host-} prefixed.
     */
    @WithDefault("false")
    boolean secureCookies();

    /** Per client IP, by rate class: {@code <count>/<ISO-8601 window>}, e.g. {@code 5/PT1H}. */
    Map<String, String> rateLimits();

    CircuitBreaker circuitBreaker();

    Impersonation impersonation();

    interface InternalJwt {
        String privateKeyLocation();

        String issuer();

        String keyId();

        Duration lifetime();
    }

    interface Links {
        /** PEM public key that verifies proposal tokens (nda-service signs them). */
        String proposalPublicKeyLocation();

        /** The kid nda-service signs with under that key ({@code pp.nda.proposal-token.kid}). */
        @WithDefault("proposal-1")
        String proposalKid();

        /**
         * A folder of retired proposal-token public keys, each {@code <kid>.pem}: tokens signed
         * before a rotation keep working while their kid's key is here. Absent: the current key only.
         */
        Optional<String> proposalPublicKeysDir();

        /** File with the base64 portal-link HMAC key (nda-service issues the links). */
        String portalHmacKeyFile();
    }

    interface CircuitBreaker {
        /** Consecutive connection failures or timeouts that open a service's circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit answers 503 at once before one trial call. */
        @WithDefault("10S")
        Duration openFor();
    }

    interface Impersonation {
        /** Keycloak admin API of the realm, to read the impersonated user (roles, partnerId). */
        Optional<String> adminUrl();

        @WithDefault("partner-portal")
        String realm();

        Optional<String> clientId();

        /** File holding the admin-API client's secret. */
        Optional<String> clientSecretFile();
    }
}

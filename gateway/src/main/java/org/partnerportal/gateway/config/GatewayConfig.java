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

    /** Base URL of each service, by service name. */
    Map<String, String> services();

    /** How long a service may take before the caller gets 504. */
    Duration timeout();

    long maxBodyBytes();

    /** Peers whose {@code X-Forwarded-For} is believed. */
    Optional<List<String>> trustedProxies();

    @WithDefault("false")
    boolean hsts();

    interface InternalJwt {
        String privateKeyLocation();

        String issuer();

        String keyId();

        Duration lifetime();
    }
}

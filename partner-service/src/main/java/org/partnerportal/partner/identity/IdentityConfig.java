package org.partnerportal.partner.identity;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code pp.partner.identity.*}: how partner-service reaches Keycloak's admin API to turn an
 * approved access request into a partner user. The client secret is read from a file (never from
 * a property) and never logged.
 */
@ConfigMapping(prefix = "pp.partner.identity")
public interface IdentityConfig {

    /** Off: an approval only stores the membership (and a log line says so). */
    boolean enabled();

    /** Keycloak's base URL, without {@code /realms/...}. */
    String keycloakUrl();

    String realm();

    /**
     * The confidential client whose service account holds realm-management manage/view/query-users
     * (also {@code quarkus.oidc-client.keycloak-admin.client-id}).
     */
    String clientId();

    /** A file holding the client's secret (a trailing newline is trimmed), read by {@link KeycloakAdminSecret}. */
    String clientSecretFile();

    /** How long the link in Keycloak's set-password mail stays valid. */
    @WithDefault("7D")
    Duration actionsLifespan();

    /** The client the set-password mail returns to (with {@link #actionsRedirectUri()}). */
    Optional<String> actionsClientId();

    Optional<String> actionsRedirectUri();

    /** Per HTTP call to Keycloak, the token request included ({@link KeycloakTokenRequests}). */
    @WithDefault("10s")
    Duration timeout();

    Retry retry();

    interface Retry {
        /** Retries after the first attempt, while Keycloak is unreachable or failing (5xx). */
        @WithDefault("4")
        int maxRetries();

        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("15s")
        Duration maxBackoff();
    }
}

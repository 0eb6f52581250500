package org.partnerportal.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jboss.logging.Logger;
import org.partnerportal.gateway.config.GatewayConfig;

import io.quarkus.credentials.CredentialsProvider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The user-reader client's secret, read from {@code pp.gateway.impersonation.client-secret-file}
 * (trimmed) for the {@code keycloak-users} OIDC client. The client asks once when it starts and
 * again each time Keycloak refuses the secret it holds (401), so a rotated file is picked up
 * without a restart. An unreadable or empty file gives no secret; only the file's path is logged.
 */
@ApplicationScoped
@Named(KeycloakUsersSecret.NAME)
public class KeycloakUsersSecret implements CredentialsProvider {

    /** {@code quarkus.oidc-client.keycloak-users.credentials.client-secret.provider.name} */
    static final String NAME = "keycloak-users-secret";
    /** {@code quarkus.oidc-client.keycloak-users.credentials.client-secret.provider.key} */
    static final String KEY = "client-secret";

    private static final Logger LOG = Logger.getLogger(KeycloakUsersSecret.class);

    private final GatewayConfig.Impersonation config;
    private final Vertx vertx;

    KeycloakUsersSecret(GatewayConfig config, Vertx vertx) {
        this.config = config.impersonation();
        this.vertx = vertx;
    }

    @Override
    public Uni<Map<String, String>> getCredentialsAsync(String credentialsProviderName) {
        if (config.clientSecretFile().isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String file = config.clientSecretFile().get();
        return vertx.fileSystem().readFile(file).map(b -> {
            String secret = b.toString(StandardCharsets.UTF_8).trim();
            return secret.isEmpty() ? Map.<String, String> of() : Map.of(KEY, secret);
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("Cannot read the user-reader client secret file %s (%s)", file, e.getClass().getSimpleName());
            return Map.of();
        });
    }
}

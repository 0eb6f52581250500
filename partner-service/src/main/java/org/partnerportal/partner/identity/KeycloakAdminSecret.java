package org.partnerportal.partner.identity;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.credentials.CredentialsProvider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The {@code partner-portal-admin-api} client's secret, read from
 * {@code pp.partner.identity.client-secret-file} (trimmed: the local stack ends it with a newline)
 * for the {@code keycloak-admin} OIDC client. The client asks once when it starts and again each
 * time Keycloak refuses the secret it holds (401), so a rotated file is picked up without a
 * restart. An unreadable or empty file gives no secret, so Keycloak refuses the grant; only the
 * file's path is ever logged.
 */
@ApplicationScoped
@Named(KeycloakAdminSecret.NAME)
public class KeycloakAdminSecret implements CredentialsProvider {

    /** {@code quarkus.oidc-client.keycloak-admin.credentials.client-secret.provider.name} */
    static final String NAME = "keycloak-admin-secret";
    /** {@code quarkus.oidc-client.keycloak-admin.credentials.client-secret.provider.key} */
    static final String KEY = "client-secret";

    private static final Logger LOG = Logger.getLogger(KeycloakAdminSecret.class);

    private final IdentityConfig config;
    private final Vertx vertx;

    KeycloakAdminSecret(IdentityConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    @Override
    public Uni<Map<String, String>> getCredentialsAsync(String credentialsProviderName) {
        String file = config.clientSecretFile();
        return vertx.fileSystem().readFile(file).map(b -> {
            String secret = b.toString(StandardCharsets.UTF_8).trim();
            if (secret.isEmpty()) {
                LOG.warnf("The Keycloak admin client secret file %s is empty", file);
                return Map.<String, String> of();
            }
            return Map.of(KEY, secret);
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("Cannot read the Keycloak admin client secret file %s (%s)", file, e.getClass().getSimpleName());
            return Map.of();
        });
    }
}

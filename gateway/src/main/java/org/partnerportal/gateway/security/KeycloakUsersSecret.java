package org.partnerportal.gateway.security;

import org.partnerportal.common.secrets.SecretFileCredentials;
import org.partnerportal.gateway.config.GatewayConfig;

import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The user-reader client's secret for the {@code keycloak-users} OIDC client, from
 * {@code pp.gateway.impersonation.client-secret-file}, read again whenever Keycloak refuses it.
 */
@Singleton
@Named(KeycloakUsersSecret.NAME)
public class KeycloakUsersSecret extends SecretFileCredentials {

    /** {@code quarkus.oidc-client.keycloak-users.credentials.client-secret.provider.name} */
    static final String NAME = "keycloak-users-secret";
    /** {@code quarkus.oidc-client.keycloak-users.credentials.client-secret.provider.key} */
    static final String KEY = "client-secret";

    KeycloakUsersSecret(GatewayConfig config, Vertx vertx) {
        super(vertx, config.impersonation().clientSecretFile(), KEY, "the user-reader client");
    }
}

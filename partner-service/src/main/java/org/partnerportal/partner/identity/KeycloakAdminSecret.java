package org.partnerportal.partner.identity;

import java.util.Optional;

import org.partnerportal.common.secrets.SecretFileCredentials;

import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The {@code partner-portal-admin-api} client's secret for the {@code keycloak-admin} OIDC client,
 * from {@code pp.partner.identity.client-secret-file}, read again whenever Keycloak refuses it.
 */
@Singleton
@Named(KeycloakAdminSecret.NAME)
public class KeycloakAdminSecret extends SecretFileCredentials {

    /** {@code quarkus.oidc-client.keycloak-admin.credentials.client-secret.provider.name} */
    static final String NAME = "keycloak-admin-secret";
    /** {@code quarkus.oidc-client.keycloak-admin.credentials.client-secret.provider.key} */
    static final String KEY = "client-secret";

    KeycloakAdminSecret(IdentityConfig config, Vertx vertx) {
        super(vertx, Optional.of(config.clientSecretFile()), KEY, "the Keycloak admin client");
    }
}

package org.partnerportal.partner.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Switches identity provisioning on and points it at the {@link FakeKeycloak}, with the client
 * secret in a file that ends with a newline, as the local stack writes it (the fake's current secret:
 * a test may have rotated it).
 */
public class FakeKeycloakResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        FakeKeycloak keycloak = FakeKeycloak.get();
        try {
            Path secret = Files.createTempFile("keycloak-admin-api-client-secret", "");
            Files.writeString(secret, keycloak.secret() + "\n");
            secret.toFile().deleteOnExit();
            return Map.of(
                    "pp.partner.identity.enabled", "true",
                    "pp.partner.identity.keycloak-url", keycloak.url(),
                    "pp.partner.identity.realm", FakeKeycloak.REALM,
                    "pp.partner.identity.client-id", FakeKeycloak.CLIENT_ID,
                    "pp.partner.identity.client-secret-file", secret.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // shared by the test JVM, like the other test servers
    }
}

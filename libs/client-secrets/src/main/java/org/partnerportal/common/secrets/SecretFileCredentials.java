package org.partnerportal.common.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.quarkus.credentials.CredentialsProvider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * An OIDC client's secret, read from a file (trimmed: a mounted secret often ends with a newline).
 * quarkus-oidc-client asks its credentials provider once when the client starts and again each time
 * the provider refuses the secret it holds (401), so a rotated file is picked up without a restart.
 * An unset, unreadable or empty file gives no secret, and the grant is refused; only the file's path
 * is ever logged, never what it holds.
 * <p>
 * An application names one bean per client ({@code @Named}, the client's
 * {@code credentials.client-secret.provider.name}) whose constructor says which file and what for.
 */
public abstract class SecretFileCredentials implements CredentialsProvider {

    private static final Logger LOG = Logger.getLogger(SecretFileCredentials.class);

    private final Vertx vertx;
    private final Optional<String> file;
    private final String key;
    private final String what;

    /**
     * @param file the secret's file, if configured
     * @param key  the client's {@code credentials.client-secret.provider.key}
     * @param what whose secret it is, for the log ("the Keycloak admin client")
     */
    protected SecretFileCredentials(Vertx vertx, Optional<String> file, String key, String what) {
        this.vertx = vertx;
        this.file = file;
        this.key = key;
        this.what = what;
    }

    @Override
    public Uni<Map<String, String>> getCredentialsAsync(String credentialsProviderName) {
        if (file.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String path = file.get();
        return vertx.fileSystem().readFile(path).map(b -> {
            String secret = b.toString(StandardCharsets.UTF_8).trim();
            if (secret.isEmpty()) {
                LOG.warnf("The secret file of %s, %s, is empty", what, path);
                return Map.<String, String> of();
            }
            return Map.of(key, secret);
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("Cannot read the secret file of %s, %s (%s)", what, path, e.getClass().getSimpleName());
            return Map.of();
        });
    }
}

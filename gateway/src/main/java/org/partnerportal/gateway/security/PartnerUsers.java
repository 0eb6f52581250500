package org.partnerportal.gateway.security;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.partnerportal.gateway.config.GatewayConfig;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;

/**
 * Looks up the partner user a super admin wants to impersonate, in the identity provider
 * (Keycloak's admin API, with the user-reader client's service account): whether the user exists,
 * is enabled, has the partner role, and which partner. Answers are cached for a minute. The
 * client-credentials token comes from quarkus-oidc-client (the named client {@code keycloak-users},
 * secret from {@link KeycloakUsersSecret}), kept by a {@link TokensHelper} until shortly before it
 * expires; a lookup that Keycloak answers 401 (the token revoked early, or Keycloak restarted) gets a
 * new token and is sent once more.
 */
@Singleton
public class PartnerUsers {

    /** The OIDC client's name ({@code quarkus.oidc-client.keycloak-users.*}). */
    static final String OIDC_CLIENT = "keycloak-users";
    /** Deadline of each call to the identity provider, the token request included. */
    static final long TIMEOUT_MS = 5000;

    public record PartnerUser(String id, String email, String partnerId) {
    }

    private record Cached<T>(T value, Instant until) {
    }

    /** A 2xx answer's body, or null for 404. */
    private record Answer(int status, String body) {
    }

    private static final Duration CACHE = Duration.ofMinutes(1);

    private final GatewayConfig.Impersonation config;
    private final HttpClient client;
    private final OidcClient oidc;
    private final TokensHelper tokens = new TokensHelper();
    private final Map<String, Cached<Optional<PartnerUser>>> users = new ConcurrentHashMap<>();

    PartnerUsers(GatewayConfig config, Vertx vertx, OidcClients oidcClients) {
        this.config = config.impersonation();
        this.client = vertx.createHttpClient();
        this.oidc = oidcClients.getClient(OIDC_CLIENT);
    }

    public boolean configured() {
        return config.adminUrl().filter(u -> !u.isBlank()).isPresent() && config.clientId().isPresent()
                && config.clientSecretFile().isPresent();
    }

    /** The partner user with this id, or empty when there is none (or it is no partner user). */
    public Uni<Optional<PartnerUser>> find(String userId) {
        Cached<Optional<PartnerUser>> hit = users.get(userId);
        if (hit != null && Instant.now().isBefore(hit.until())) {
            return Uni.createFrom().item(hit.value());
        }
        String base = config.adminUrl().orElseThrow() + "/admin/realms/" + config.realm() + "/users/"
                + URLEncoder.encode(userId, StandardCharsets.UTF_8);
        return get(base).chain(user -> {
            if (user == null) {
                return Uni.createFrom().item(Optional.<PartnerUser>empty());
            }
            JsonObject u = new JsonObject(user);
            JsonArray partnerIds = u.getJsonObject("attributes", new JsonObject()).getJsonArray("partnerId");
            String partnerId = partnerIds == null || partnerIds.isEmpty() ? null : partnerIds.getString(0);
            if (!u.getBoolean("enabled", false) || partnerId == null) {
                return Uni.createFrom().item(Optional.<PartnerUser>empty());
            }
            return get(base + "/role-mappings/realm/composite").map(roles -> {
                boolean partner = roles != null && new JsonArray(roles).stream()
                        .anyMatch(r -> r instanceof JsonObject o && Caller.PARTNER.equals(o.getString("name")));
                return partner ? Optional.of(new PartnerUser(u.getString("id"), u.getString("email"), partnerId))
                        : Optional.<PartnerUser>empty();
            });
        }).invoke(found -> users.put(userId, new Cached<>(found, Instant.now().plus(CACHE))));
    }

    /** The body of a 2xx answer, null for 404, a failure otherwise; a 401 is tried once more with a new token. */
    private Uni<String> get(String url) {
        return send(url, false).chain(answer -> answer.status() == 401 ? send(url, true) : Uni.createFrom().item(answer))
                .map(answer -> {
                    if (answer.status() == 404) {
                        return null;
                    }
                    if (answer.status() < 200 || answer.status() >= 300) {
                        throw new IllegalStateException("Identity provider answered " + answer.status() + " for "
                                + URI.create(url).getPath());
                    }
                    return answer.body();
                });
    }

    private Uni<Answer> send(String url, boolean newToken) {
        return tokens.getTokens(oidc, Map.of(), newToken).map(Tokens::getAccessToken).chain(token -> {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                    .setIdleTimeout(TIMEOUT_MS).putHeader("Authorization", "Bearer " + token);
            return Uni.createFrom().completionStage(() -> client.request(options).compose(req -> req.send())
                    .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString())))
                    .toCompletionStage());
        });
    }
}

package org.partnerportal.gateway.security;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.partnerportal.gateway.config.GatewayConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;

/**
 * Looks up the partner user a super admin wants to impersonate, in the identity provider
 * (Keycloak's admin API, with the admin-API client's credentials): whether the user exists, is
 * enabled, has the partner role, and which partner. Answers are cached for a minute.
 */
@Singleton
public class PartnerUsers {

    public record PartnerUser(String id, String email, String partnerId) {
    }

    private record Cached<T>(T value, Instant until) {
    }

    private static final Duration CACHE = Duration.ofMinutes(1);

    private final GatewayConfig.Impersonation config;
    private final HttpClient client;
    private final Map<String, Cached<Optional<PartnerUser>>> users = new ConcurrentHashMap<>();
    private volatile Cached<String> adminToken;

    PartnerUsers(GatewayConfig config, Vertx vertx) {
        this.config = config.impersonation();
        this.client = vertx.createHttpClient();
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
        return token().chain(token -> call(HttpMethod.GET, base, token, null).chain(user -> {
            if (user == null) {
                return Uni.createFrom().item(Optional.<PartnerUser>empty());
            }
            JsonObject u = new JsonObject(user);
            JsonArray partnerIds = u.getJsonObject("attributes", new JsonObject()).getJsonArray("partnerId");
            String partnerId = partnerIds == null || partnerIds.isEmpty() ? null : partnerIds.getString(0);
            if (!u.getBoolean("enabled", false) || partnerId == null) {
                return Uni.createFrom().item(Optional.<PartnerUser>empty());
            }
            return call(HttpMethod.GET, base + "/role-mappings/realm/composite", token, null).map(roles -> {
                boolean partner = roles != null && new JsonArray(roles).stream()
                        .anyMatch(r -> r instanceof JsonObject o && Caller.PARTNER.equals(o.getString("name")));
                return partner ? Optional.of(new PartnerUser(u.getString("id"), u.getString("email"), partnerId))
                        : Optional.<PartnerUser>empty();
            });
        })).invoke(found -> users.put(userId, new Cached<>(found, Instant.now().plus(CACHE))));
    }

    private Uni<String> token() {
        Cached<String> t = adminToken;
        if (t != null && Instant.now().isBefore(t.until())) {
            return Uni.createFrom().item(t.value());
        }
        String secret;
        try {
            secret = Files.readString(Path.of(config.clientSecretFile().orElseThrow())).trim();
        } catch (java.io.IOException e) {
            return Uni.createFrom().failure(new IllegalStateException("Cannot read the admin-API client secret file", e));
        }
        String form = "grant_type=client_credentials&client_id="
                + URLEncoder.encode(config.clientId().orElseThrow(), StandardCharsets.UTF_8) + "&client_secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String url = config.adminUrl().orElseThrow() + "/realms/" + config.realm() + "/protocol/openid-connect/token";
        return call(HttpMethod.POST, url, null, form).map(body -> {
            if (body == null) {
                throw new IllegalStateException("The identity provider refused the admin-API client");
            }
            JsonObject json = new JsonObject(body);
            long lifetime = json.getLong("expires_in", 60L);
            adminToken = new Cached<>(json.getString("access_token"), Instant.now().plusSeconds(Math.max(5, lifetime - 10)));
            return adminToken.value();
        });
    }

    /** The body of a 2xx answer, null for 404 (or a refused token request), a failure otherwise. */
    private Uni<String> call(HttpMethod method, String url, String bearer, String form) {
        URI uri = URI.create(url);
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(uri.toString())
                .setIdleTimeout(5000);
        if (bearer != null) {
            options.putHeader("Authorization", "Bearer " + bearer);
        }
        if (form != null) {
            options.putHeader("Content-Type", "application/x-www-form-urlencoded");
        }
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(req -> form == null ? req.send() : req.send(Buffer.buffer(form)))
                .compose(resp -> resp.body().map(b -> {
                    int status = resp.statusCode();
                    if (status >= 200 && status < 300) {
                        return b.toString();
                    }
                    if (status == 404 || status == 401 && form != null) {
                        return null;
                    }
                    throw new IllegalStateException("Identity provider answered " + status + " for " + uri.getPath());
                })).toCompletionStage());
    }
}

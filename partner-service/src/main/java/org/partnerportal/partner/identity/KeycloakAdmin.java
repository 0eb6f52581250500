package org.partnerportal.partner.identity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The few calls of Keycloak's admin REST API that partner-service needs, made with the
 * {@code partner-portal-admin-api} service account (client-credentials grant). Its token is cached
 * until shortly before it expires and dropped when Keycloak refuses it. With only
 * {@code manage-users}/{@code view-users}/{@code query-users} the realm's roles cannot be read
 * directly ({@code GET /roles/{name}} is 403): a role's representation comes from the user's
 * available role mappings.
 *
 * <p>Failures are {@link IdentityException}s: retryable when Keycloak was unreachable, timed out,
 * answered 5xx or refused the token. No token, secret or response body that could hold one is
 * ever put into a message or a log line.
 */
@ApplicationScoped
public class KeycloakAdmin {

    private record CachedToken(String value, Instant renewAt) {
    }

    private final IdentityConfig config;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final WebClient client;
    private final AtomicReference<CachedToken> token = new AtomicReference<>();
    private volatile String secret;

    KeycloakAdmin(IdentityConfig config, Vertx vertx, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.vertx = vertx;
        this.mapper = mapper;
        this.clock = clock;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setUserAgent("partner-service"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The user whose e-mail is exactly this one, or null. */
    public Uni<JsonNode> findByEmail(String email) {
        return first(HttpMethod.GET, "users", "find user by e-mail", r -> r.addQueryParam("email", email)
                .addQueryParam("exact", "true"), email, "email");
    }

    /** The user whose user name is exactly this one, or null. */
    public Uni<JsonNode> findByUsername(String username) {
        return first(HttpMethod.GET, "users", "find user by user name", r -> r.addQueryParam("username", username)
                .addQueryParam("exact", "true"), username, "username");
    }

    public Uni<JsonNode> getUser(String id) {
        return call(HttpMethod.GET, "users/" + id, "read user", r -> r, null)
                .map(resp -> expect(resp, "read user", 200)).map(this::json);
    }

    /**
     * Creates a user; its id, or null when Keycloak answers 409 (the user name or e-mail is taken).
     */
    public Uni<String> createUser(ObjectNode user) {
        return call(HttpMethod.POST, "users", "create user", r -> r, user).map(resp -> {
            if (resp.statusCode() == 409) {
                return null;
            }
            expect(resp, "create user", 201);
            String location = resp.getHeader("Location");
            if (location == null || location.isBlank()) {
                throw new IdentityException("create user: Keycloak answered 201 without a Location", false);
            }
            return location.substring(location.lastIndexOf('/') + 1);
        });
    }

    /** Replaces the user's representation (send back what {@link #getUser} read, changed). */
    public Uni<Void> updateUser(String id, JsonNode user) {
        return call(HttpMethod.PUT, "users/" + id, "update user", r -> r, user)
                .invoke(resp -> expect(resp, "update user", 204)).replaceWithVoid();
    }

    /** The realm roles mapped to the user directly. */
    public Uni<List<JsonNode>> realmRoles(String id) {
        return call(HttpMethod.GET, "users/" + id + "/role-mappings/realm", "read role mappings", r -> r, null)
                .map(resp -> elements(json(expect(resp, "read role mappings", 200))));
    }

    /** The realm roles that could still be mapped to the user (full representations, with ids). */
    public Uni<List<JsonNode>> availableRealmRoles(String id) {
        return call(HttpMethod.GET, "users/" + id + "/role-mappings/realm/available", "read available roles", r -> r, null)
                .map(resp -> elements(json(expect(resp, "read available roles", 200))));
    }

    public Uni<Void> addRealmRoles(String id, List<JsonNode> roles) {
        ArrayNode body = mapper.createArrayNode().addAll(roles);
        return call(HttpMethod.POST, "users/" + id + "/role-mappings/realm", "map realm role", r -> r, body)
                .invoke(resp -> expect(resp, "map realm role", 204)).replaceWithVoid();
    }

    /** Asks Keycloak to mail the user a link that performs these required actions (its own mail, its own SMTP). */
    public Uni<Void> executeActionsEmail(String id, List<String> actions) {
        ArrayNode body = mapper.createArrayNode();
        actions.forEach(body::add);
        return call(HttpMethod.PUT, "users/" + id + "/execute-actions-email", "send required-actions mail", r -> {
            r.addQueryParam("lifespan", String.valueOf(config.actionsLifespan().toSeconds()));
            config.actionsClientId().ifPresent(c -> {
                r.addQueryParam("client_id", c);
                config.actionsRedirectUri().ifPresent(u -> r.addQueryParam("redirect_uri", u));
            });
            return r;
        }, body).invoke(resp -> expect(resp, "send required-actions mail", 204)).replaceWithVoid();
    }

    // --- plumbing ---

    private Uni<JsonNode> first(HttpMethod method, String path, String what,
            java.util.function.UnaryOperator<HttpRequest<Buffer>> params, String value, String field) {
        return call(method, path, what, params, null).map(resp -> {
            for (JsonNode user : elements(json(expect(resp, what, 200)))) {
                // exact=true is exact but case-insensitive for e-mails; Keycloak stores them lower-cased
                if (value.equalsIgnoreCase(user.path(field).asText())) {
                    return user;
                }
            }
            return null;
        });
    }

    private Uni<HttpResponse<Buffer>> call(HttpMethod method, String path, String what,
            java.util.function.UnaryOperator<HttpRequest<Buffer>> params, JsonNode body) {
        String url = base() + "/admin/realms/" + config.realm() + "/" + path;
        return accessToken().chain(t -> {
            HttpRequest<Buffer> request = params.apply(client.requestAbs(method, url)
                    .timeout(config.timeout().toMillis()).bearerTokenAuthentication(t));
            Uni<HttpResponse<Buffer>> sent = body == null ? request.send()
                    : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(write(body)));
            return sent.onFailure().transform(e -> unreachable(what, e));
        }).invoke(resp -> {
            if (resp.statusCode() == 401) {
                token.set(null); // expired or revoked early: the next attempt fetches a new one
                throw new IdentityException(what + ": Keycloak refused the admin token (401)", true);
            }
        });
    }

    private Uni<String> accessToken() {
        CachedToken cached = token.get();
        if (cached != null && clock.instant().isBefore(cached.renewAt())) {
            return Uni.createFrom().item(cached.value());
        }
        String url = base() + "/realms/" + config.realm() + "/protocol/openid-connect/token";
        return clientSecret().chain(s -> client.postAbs(url).timeout(config.timeout().toMillis())
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials")
                        .add("client_id", config.clientId()).add("client_secret", s))
                .onFailure().transform(e -> unreachable("admin token", e)))
                .map(resp -> {
                    if (resp.statusCode() != 200) {
                        if (resp.statusCode() == 401 || resp.statusCode() == 400) {
                            secret = null; // perhaps rotated: read the file again next time
                        }
                        throw new IdentityException("admin token: Keycloak answered " + resp.statusCode()
                                + " to the client-credentials grant of " + config.clientId(), resp.statusCode() >= 500);
                    }
                    JsonNode json = json(resp);
                    String value = json.path("access_token").asText(null);
                    if (value == null) {
                        throw new IdentityException("admin token: no access_token in Keycloak's answer", false);
                    }
                    long expiresIn = json.path("expires_in").asLong(60);
                    Instant renewAt = clock.instant().plusSeconds(expiresIn).minus(config.tokenRenewBefore());
                    token.set(new CachedToken(value, renewAt));
                    return value;
                });
    }

    private Uni<String> clientSecret() {
        String s = secret;
        if (s != null) {
            return Uni.createFrom().item(s);
        }
        return vertx.fileSystem().readFile(config.clientSecretFile())
                .onFailure().transform(e -> new IdentityException("admin token: cannot read the client secret file "
                        + config.clientSecretFile(), false, e))
                .map(b -> {
                    String value = b.toString(StandardCharsets.UTF_8).trim();
                    if (value.isEmpty()) {
                        throw new IdentityException("admin token: the client secret file " + config.clientSecretFile()
                                + " is empty", false);
                    }
                    secret = value;
                    return value;
                });
    }

    private String base() {
        String url = config.keycloakUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static IdentityException unreachable(String what, Throwable e) {
        if (e instanceof IdentityException ie) {
            return ie;
        }
        return new IdentityException(what + ": Keycloak is unreachable (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + ")", true, e);
    }

    private static HttpResponse<Buffer> expect(HttpResponse<Buffer> resp, String what, int status) {
        if (resp.statusCode() != status) {
            throw new IdentityException(what + ": Keycloak answered " + resp.statusCode() + errorOf(resp),
                    resp.statusCode() >= 500 || resp.statusCode() == 429);
        }
        return resp;
    }

    /** Keycloak's short error text ({@code errorMessage}/{@code error}), never a whole body. */
    private static String errorOf(HttpResponse<Buffer> resp) {
        try {
            Buffer b = resp.body();
            JsonNode o = b == null ? null : new ObjectMapper().readTree(b.getBytes());
            if (o == null || !o.isObject()) {
                return "";
            }
            String m = o.path("errorMessage").asText(o.path("error").asText(""));
            return m.isEmpty() ? "" : " (" + m.replaceAll("[\\r\\n]", " ") + ")";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    private JsonNode json(HttpResponse<Buffer> resp) {
        try {
            Buffer b = resp.body();
            return b == null ? mapper.nullNode() : mapper.readTree(b.getBytes());
        } catch (java.io.IOException e) {
            throw new IdentityException("Keycloak's answer is not JSON", false, e);
        }
    }

    private String write(JsonNode body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }
}

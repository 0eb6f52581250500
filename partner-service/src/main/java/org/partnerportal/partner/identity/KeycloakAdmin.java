package org.partnerportal.partner.identity;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.runtime.DisabledOidcClientException;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The few calls of Keycloak's admin REST API that partner-service needs, made with the
 * {@code partner-portal-admin-api} service account. Its token comes from quarkus-oidc-client (the
 * named client {@code keycloak-admin}, client-credentials grant, secret from
 * {@link KeycloakAdminSecret}), kept by a {@link TokensHelper} until {@code refresh-token-time-skew}
 * before it expires. A call that Keycloak answers 401 (the token revoked early, or Keycloak lost its
 * sessions) gets a new token and is sent once more. With only
 * {@code manage-users}/{@code view-users}/{@code query-users} the realm's roles cannot be read
 * directly ({@code GET /roles/{name}} is 403): a role's representation comes from the user's
 * available role mappings.
 *
 * <p>Failures are {@link IdentityException}s: retryable when Keycloak was unreachable, timed out,
 * answered 5xx or refused the token; a refused client-credentials grant is not
 * ({@link KeycloakTokenRequests}). No token, secret or response body that could hold one is ever
 * put into a message or a log line.
 */
@ApplicationScoped
public class KeycloakAdmin {

    private final IdentityConfig config;
    private final ObjectMapper mapper;
    private final OidcClient oidc;
    private final TokensHelper tokens = new TokensHelper();
    private final WebClient client;

    KeycloakAdmin(IdentityConfig config, Vertx vertx, ObjectMapper mapper, OidcClients oidcClients) {
        this.config = config;
        this.mapper = mapper;
        this.oidc = oidcClients.getClient(KeycloakTokenRequests.CLIENT);
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
            UnaryOperator<HttpRequest<Buffer>> params, String value, String field) {
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
            UnaryOperator<HttpRequest<Buffer>> params, JsonNode body) {
        String url = base() + "/admin/realms/" + config.realm() + "/" + path;
        return send(method, url, what, params, body, false).chain(resp -> {
            if (resp.statusCode() != 401) {
                return Uni.createFrom().item(resp);
            }
            // revoked before it expired, or Keycloak restarted: a new token and one more try
            return send(method, url, what, params, body, true).invoke(again -> {
                if (again.statusCode() == 401) {
                    throw new IdentityException(what + ": Keycloak refused the admin token (401)", true);
                }
            });
        });
    }

    private Uni<HttpResponse<Buffer>> send(HttpMethod method, String url, String what,
            UnaryOperator<HttpRequest<Buffer>> params, JsonNode body, boolean newToken) {
        return accessToken(newToken).chain(t -> {
            HttpRequest<Buffer> request = params.apply(client.requestAbs(method, url)
                    .timeout(config.timeout().toMillis()).bearerTokenAuthentication(t));
            Uni<HttpResponse<Buffer>> sent = body == null ? request.send()
                    : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(write(body)));
            return sent.onFailure().transform(e -> unreachable(what, e));
        });
    }

    private Uni<String> accessToken(boolean newToken) {
        return tokens.getTokens(oidc, Map.of(), newToken).onFailure().transform(e -> {
            if (e instanceof DisabledOidcClientException) {
                return new IdentityException("admin token: the OIDC client " + KeycloakTokenRequests.CLIENT
                        + " is off or misconfigured (" + e.getMessage() + ")", false, e);
            }
            return unreachable("admin token", e);
        }).map(t -> {
            if (t.getAccessToken() == null) {
                throw new IdentityException("admin token: no access_token in Keycloak's answer", false);
            }
            return t.getAccessToken();
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

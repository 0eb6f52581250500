package org.partnerportal.partner.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A stand-in for the few endpoints of Keycloak's admin API that partner-service calls, served by
 * a real HTTP server on a free port. It issues client-credentials tokens, refuses any other bearer
 * token (401), keeps users and their realm role mappings in memory, answers like Keycloak (201 with
 * {@code Location}, 204, 409 on a taken user name or e-mail, 404) and records every call. While
 * {@link #down} is set it answers 503 to everything, as a Keycloak that is starting or broken. A
 * test may rotate the client's secret ({@link #rotateSecret}) and revoke the tokens it issued
 * ({@link #revokeTokens}), as an administrator or a Keycloak restart would.
 */
public final class FakeKeycloak {

    public static final String REALM = "partner-portal";
    public static final String CLIENT_ID = "partner-portal-admin-api";
    public static final String SECRET = "fake-admin-secret";

    public record Call(String method, String path, String query, String body) {
        public boolean is(String m, String pathSuffix) {
            return method.equals(m) && path.endsWith(pathSuffix);
        }
    }

    private static FakeKeycloak instance;

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, JsonObject> users = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Set<String>> roleMappings = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, JsonObject> realmRoles = new LinkedHashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> issued = Collections.synchronizedSet(new LinkedHashSet<>());
    private final AtomicInteger tokenCounter = new AtomicInteger();
    private final AtomicInteger refusedGrants = new AtomicInteger();
    private final AtomicInteger refusedTokens = new AtomicInteger();
    private final List<String> secrets = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(SECRET));
    private volatile String secret = SECRET;
    public volatile boolean down;

    private FakeKeycloak() throws Exception {
        for (String r : List.of("admin", "partner", "super_admin", "default-roles-partner-portal")) {
            realmRoles.put(r, new JsonObject().put("id", UUID.randomUUID().toString()).put("name", r)
                    .put("composite", false).put("clientRole", false).put("containerId", "realm-id"));
        }
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> handle(req, b.toString())))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static synchronized FakeKeycloak get() {
        if (instance == null) {
            try {
                instance = new FakeKeycloak();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the fake Keycloak", e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> callsAbout(String userId) {
        return calls().stream().filter(c -> c.path().contains("/users/" + userId)).toList();
    }

    public long tokenRequests() {
        return calls().stream().filter(c -> c.path().endsWith("/protocol/openid-connect/token")).count();
    }

    /** The client secret the token endpoint accepts now. */
    public String secret() {
        return secret;
    }

    /** Every secret the client has had, the current one included (none of them may ever be logged). */
    public List<String> secrets() {
        return List.copyOf(secrets);
    }

    /** A new client secret: the old one is refused from now on, and so is every token issued before. */
    public void rotateSecret(String newSecret) {
        secrets.add(newSecret);
        secret = newSecret;
        revokeTokens();
    }

    /** Every token issued so far answers 401 from now on. */
    public void revokeTokens() {
        issued.clear();
    }

    /** Client-credentials grants refused (401) for a wrong client or secret. */
    public int refusedGrants() {
        return refusedGrants.get();
    }

    /** Admin API calls refused (401) for a missing, unknown or revoked token. */
    public int refusedTokens() {
        return refusedTokens.get();
    }

    /** A user as the test sets it up before the approval (e.g. someone who already has an account). */
    public String addUser(String username, String email, JsonObject attributes) {
        String id = UUID.randomUUID().toString();
        users.put(id, new JsonObject().put("id", id).put("username", username).put("email", email)
                .put("firstName", "Existing").put("lastName", "Person").put("enabled", true).put("emailVerified", true)
                .put("attributes", attributes).put("requiredActions", new JsonArray()));
        roleMappings.put(id, new LinkedHashSet<>(Set.of("default-roles-partner-portal")));
        return id;
    }

    /** Maps a realm role to a user the test set up (e.g. an admin's account). */
    public void grant(String id, String role) {
        roleMappings.get(id).add(role);
    }

    public JsonObject user(String id) {
        JsonObject u = users.get(id);
        return u == null ? null : u.copy();
    }

    public JsonObject userByEmail(String email) {
        synchronized (users) {
            return users.values().stream().filter(u -> email.equalsIgnoreCase(u.getString("email"))).findFirst()
                    .map(JsonObject::copy).orElse(null);
        }
    }

    public Set<String> roles(String id) {
        synchronized (roleMappings) {
            return Set.copyOf(roleMappings.getOrDefault(id, Set.of()));
        }
    }

    private void handle(HttpServerRequest req, String body) {
        String path = req.path();
        calls.add(new Call(req.method().name(), path, req.query(), body));
        if (down) {
            req.response().setStatusCode(503).end("Service Unavailable");
            return;
        }
        String tokenPath = "/realms/" + REALM + "/protocol/openid-connect/token";
        String admin = "/admin/realms/" + REALM + "/users";
        if (path.equals(tokenPath) && req.method().name().equals("POST")) {
            token(req, body);
            return;
        }
        if (!path.startsWith(admin)) {
            req.response().setStatusCode(404).end();
            return;
        }
        String auth = req.getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !issued.contains(auth.substring(7))) {
            refusedTokens.incrementAndGet();
            json(req, 401, new JsonObject().put("error", "HTTP 401 Unauthorized"));
            return;
        }
        String[] rest = path.substring(admin.length()).split("/");
        // rest: [""] or ["", id] or ["", id, "role-mappings", "realm"(, "available")] or ["", id, "execute-actions-email"]
        String method = req.method().name();
        if (rest.length <= 1) {
            if (method.equals("GET")) {
                search(req);
            } else if (method.equals("POST")) {
                create(req, new JsonObject(body));
            } else {
                req.response().setStatusCode(405).end();
            }
            return;
        }
        String id = rest[1];
        if (!users.containsKey(id)) {
            json(req, 404, new JsonObject().put("error", "User not found"));
            return;
        }
        String tail = String.join("/", java.util.Arrays.copyOfRange(rest, 2, rest.length));
        switch (method + " " + tail) {
            case "GET " -> json(req, 200, users.get(id));
            case "PUT " -> update(req, id, new JsonObject(body));
            case "GET role-mappings/realm" -> json(req, 200, roleArray(roles(id), true));
            case "GET role-mappings/realm/available" -> {
                Set<String> available = new LinkedHashSet<>(realmRoles.keySet());
                available.removeAll(roles(id));
                json(req, 200, roleArray(available, true));
            }
            case "POST role-mappings/realm" -> {
                JsonArray wanted = new JsonArray(body);
                for (Object o : wanted) {
                    JsonObject r = (JsonObject) o;
                    JsonObject known = realmRoles.get(r.getString("name"));
                    if (known == null || !known.getString("id").equals(r.getString("id"))) {
                        json(req, 404, new JsonObject().put("error", "Role not found"));
                        return;
                    }
                }
                wanted.forEach(o -> roleMappings.get(id).add(((JsonObject) o).getString("name")));
                req.response().setStatusCode(204).end();
            }
            case "PUT execute-actions-email" -> {
                if (users.get(id).getString("email") == null) {
                    json(req, 400, new JsonObject().put("errorMessage", "User email missing"));
                    return;
                }
                req.response().setStatusCode(204).end();
            }
            default -> req.response().setStatusCode(404).end();
        }
    }

    private void token(HttpServerRequest req, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                    kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
        }
        if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT_ID.equals(form.get("client_id"))
                || !secret.equals(form.get("client_secret"))) {
            refusedGrants.incrementAndGet();
            json(req, 401, new JsonObject().put("error", "unauthorized_client"));
            return;
        }
        String token = "fake-token-" + tokenCounter.incrementAndGet();
        issued.add(token);
        json(req, 200, new JsonObject().put("access_token", token).put("expires_in", 300).put("token_type", "Bearer"));
    }

    private void search(HttpServerRequest req) {
        String email = req.getParam("email");
        String username = req.getParam("username");
        boolean exact = "true".equals(req.getParam("exact"));
        JsonArray out = new JsonArray();
        synchronized (users) {
            for (JsonObject u : users.values()) {
                boolean match = email != null ? matches(u.getString("email"), email, exact)
                        : username != null && matches(u.getString("username"), username, exact);
                if (match) {
                    out.add(u.copy());
                }
            }
        }
        json(req, 200, out);
    }

    private static boolean matches(String value, String wanted, boolean exact) {
        if (value == null) {
            return false;
        }
        return exact ? value.equalsIgnoreCase(wanted) : value.toLowerCase().contains(wanted.toLowerCase());
    }

    private void create(HttpServerRequest req, JsonObject rep) {
        String username = rep.getString("username", "").toLowerCase();
        String email = rep.getString("email");
        synchronized (users) {
            for (JsonObject u : users.values()) {
                if (username.equals(u.getString("username")) || (email != null && email.equalsIgnoreCase(u.getString("email")))) {
                    json(req, 409, new JsonObject().put("errorMessage", "User exists with same username or email"));
                    return;
                }
            }
            String id = UUID.randomUUID().toString();
            JsonObject stored = rep.copy().put("id", id).put("username", username);
            if (email != null) {
                stored.put("email", email.toLowerCase());
            }
            stored.remove("realmRoles"); // the admin API ignores them on create
            users.put(id, stored);
            roleMappings.put(id, new LinkedHashSet<>(Set.of("default-roles-partner-portal")));
            req.response().setStatusCode(201).putHeader("Location", url() + "/admin/realms/" + REALM + "/users/" + id).end();
        }
    }

    private void update(HttpServerRequest req, String id, JsonObject rep) {
        JsonObject stored = users.get(id).copy();
        for (String field : List.of("username", "email", "firstName", "lastName", "enabled", "emailVerified",
                "attributes", "requiredActions")) {
            if (rep.containsKey(field)) {
                stored.put(field, rep.getValue(field));
            }
        }
        stored.put("id", id);
        users.put(id, stored);
        req.response().setStatusCode(204).end();
    }

    private JsonArray roleArray(Set<String> names, boolean full) {
        JsonArray out = new JsonArray();
        names.forEach(n -> out.add(full ? realmRoles.get(n).copy() : new JsonObject().put("name", n)));
        return out;
    }

    private static void json(HttpServerRequest req, int status, Object body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
    }
}

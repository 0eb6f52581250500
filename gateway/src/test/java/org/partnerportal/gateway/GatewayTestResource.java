package org.partnerportal.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.partnerportal.testsupport.TestInfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for Keycloak and the services: the gateway trusts a test OIDC key (tokens are minted
 * by {@link OidcTokens}), and three real HTTP servers answer for partner-, engagement- and
 * nda-service by echoing what they received, so a test can check what the gateway forwarded.
 * notification-service points at a closed port, to see how the gateway answers when a service is down;
 * the init argument {@code down} (comma-separated service names) sends others there too. An echo
 * answers after {@code X-Test-Delay-Ms} when a request carries it, and closes the connection without
 * an answer when it carries {@code X-Test-Reset}.
 * Browsers sign in against {@link FakeOidcProvider}.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String OIDC_ISSUER = "https://keycloak.test/realms/partner-portal";

    /** The kid of a proposal-token key retired by a rotation, whose tokens the gateway still accepts. */
    public static final String RETIRED_PROPOSAL_KID = "proposal-0";

    private static KeyPair oidcKeys;
    private static KeyPair retiredProposalKeys;
    private Vertx vertx;
    private Set<String> down = Set.of("notification-service");

    static synchronized KeyPair oidcKeys() {
        if (oidcKeys == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                oidcKeys = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return oidcKeys;
    }

    static synchronized KeyPair retiredProposalKeys() {
        if (retiredProposalKeys == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                retiredProposalKeys = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return retiredProposalKeys;
    }

    /** A folder holding the retired key's public half as {@code <kid>.pem}, as a rotation leaves it. */
    private static String retiredProposalKeysDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("proposal-keys");
            java.nio.file.Path pem = dir.resolve(RETIRED_PROPOSAL_KID + ".pem");
            java.nio.file.Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(retiredProposalKeys().getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            pem.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void init(Map<String, String> initArgs) {
        String more = initArgs.getOrDefault("down", "");
        Set<String> services = new HashSet<>(down);
        Arrays.stream(more.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(services::add);
        down = Set.copyOf(services);
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String service : new String[] { "partner-service", "engagement-service", "nda-service", "notification-service" }) {
            config.put("pp.gateway.services." + service,
                    "http://localhost:" + (down.contains(service) ? closedPort() : echo(service)));
        }
        config.put("pp.gateway.internal-jwt.private-key-location",
                TestInfra.keysDir().resolve("internal-jwt-private.pem").toString());
        config.put("pp.gateway.links.proposal-public-key-location",
                TestInfra.keysDir().resolve("proposal-token-public.pem").toString());
        config.put("pp.gateway.links.proposal-public-keys-dir", retiredProposalKeysDir());
        config.put("pp.gateway.links.portal-hmac-key-file", TestInfra.keysDir().resolve("portal-hmac.key").toString());
        UserReaderClient reader = new UserReaderClient(adminSecretFile());
        userReader = reader;
        config.put("pp.gateway.impersonation.admin-url", "http://localhost:" + fakeKeycloakAdmin(reader));
        config.put("pp.gateway.impersonation.client-secret-file", reader.secretFile);
        config.put("quarkus.oidc.public-key", Base64.getEncoder().encodeToString(oidcKeys().getPublic().getEncoded()));
        config.put("quarkus.oidc.token.issuer", OIDC_ISSUER);
        config.put("quarkus.oidc.web.tenant-enabled", "true");
        config.put("quarkus.oidc.web.auth-server-url", new FakeOidcProvider().start(vertx));
        config.put("quarkus.oidc.web.credentials.secret", FakeOidcProvider.CLIENT_SECRET);
        return config;
    }

    /** Per service, how many connections to its echo have closed (either side), for tests of connection reuse. */
    static final Map<String, AtomicInteger> ECHO_CONNECTIONS_CLOSED = new ConcurrentHashMap<>();
    /** Per service, how many requests its echo has received. */
    static final Map<String, AtomicInteger> ECHO_REQUESTS = new ConcurrentHashMap<>();

    private int echo(String service) {
        AtomicInteger closed = ECHO_CONNECTIONS_CLOSED.computeIfAbsent(service, s -> new AtomicInteger());
        AtomicInteger received = ECHO_REQUESTS.computeIfAbsent(service, s -> new AtomicInteger());
        HttpServer server = vertx.createHttpServer()
                .connectionHandler(connection -> connection.closeHandler(v -> closed.incrementAndGet()))
                .requestHandler(request -> request.body().onSuccess(body -> {
            received.incrementAndGet();
            if (request.getHeader("X-Test-Reset") != null) {
                // a service that drops the connection before it answers
                request.connection().close();
                return;
            }
            JsonObject headers = new JsonObject();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            JsonObject echo = new JsonObject().put("service", service).put("method", request.method().name())
                    .put("uri", request.uri()).put("headers", headers).put("body", body.toString());
            String delay = request.getHeader("X-Test-Delay-Ms");
            Runnable answer = () -> request.response().setStatusCode(200)
                    .putHeader("Content-Type", "application/json").putHeader("X-Echo", service)
                    .end(echo.encode());
            if (delay == null) {
                answer.run();
            } else {
                vertx.setTimer(Long.parseLong(delay), id -> answer.run());
            }
        }));
        try {
            return server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("Echo server for " + service + " did not start", e);
        }
    }

    /** Users of the fake identity provider: a partner user, a user without partner, a disabled one. */
    public static final String PARTNER_USER = "0a1b2c3d-partner-user";
    public static final String PLAIN_USER = "0a1b2c3d-plain-user";
    public static final String DISABLED_USER = "0a1b2c3d-disabled-user";
    public static final String IMPERSONATED_PARTNER = "5e7d0000-0000-4000-8000-000000000001";

    /** The user-reader client's secret that the fake identity provider accepts at first. */
    static final String ADMIN_SECRET = "test-admin-secret";

    /**
     * The fake identity provider's side of the user-reader client, for the tests of its token: the
     * secret it accepts (a test may rotate it), the tokens it issued (a test may revoke them), and
     * what it refused. One per start, so each application begins with {@link #ADMIN_SECRET}.
     */
    static final class UserReaderClient {
        volatile String secret = ADMIN_SECRET;
        final java.util.List<String> secrets = new java.util.concurrent.CopyOnWriteArrayList<>(java.util.List.of(ADMIN_SECRET));
        final Set<String> issued = ConcurrentHashMap.newKeySet();
        final AtomicInteger tokenRequests = new AtomicInteger();
        final AtomicInteger refusedGrants = new AtomicInteger();
        final AtomicInteger refusedTokens = new AtomicInteger();
        final String secretFile;

        UserReaderClient(String secretFile) {
            this.secretFile = secretFile;
        }

        /** A new secret in the provider and in the mounted file; every token issued before is refused. */
        void rotate(String newSecret) throws IOException {
            secrets.add(newSecret);
            secret = newSecret;
            java.nio.file.Files.writeString(java.nio.file.Path.of(secretFile), newSecret + "\n");
            issued.clear();
        }
    }

    static volatile UserReaderClient userReader;

    /** Answers like Keycloak's admin API for the calls impersonation makes. */
    private int fakeKeycloakAdmin(UserReaderClient reader) {
        AtomicInteger tokens = new AtomicInteger();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String path = request.path();
            var response = request.response().putHeader("Content-Type", "application/json");
            if (path.endsWith("/protocol/openid-connect/token")) {
                reader.tokenRequests.incrementAndGet();
                Map<String, String> form = new HashMap<>();
                for (String pair : body.toString().split("&")) {
                    String[] kv = pair.split("=", 2);
                    form.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                            kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
                }
                if (!"client_credentials".equals(form.get("grant_type")) || !reader.secret.equals(form.get("client_secret"))) {
                    reader.refusedGrants.incrementAndGet();
                    response.setStatusCode(401).end("{\"error\":\"unauthorized_client\"}");
                    return;
                }
                String token = "admin-token-" + tokens.incrementAndGet();
                reader.issued.add(token);
                response.setStatusCode(200).end(new JsonObject().put("access_token", token).put("expires_in", 300).encode());
                return;
            }
            String authorization = request.getHeader("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ") || !reader.issued.contains(authorization.substring(7))) {
                reader.refusedTokens.incrementAndGet();
                response.setStatusCode(401).end("{}");
                return;
            }
            String prefix = "/admin/realms/partner-portal/users/";
            if (!path.startsWith(prefix)) {
                response.setStatusCode(404).end("{}");
                return;
            }
            String rest = path.substring(prefix.length());
            String userId = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            JsonObject user = switch (userId) {
                case PARTNER_USER -> new JsonObject().put("id", userId).put("enabled", true).put("email", "p@x.test")
                        .put("attributes", new JsonObject().put("partnerId", new io.vertx.core.json.JsonArray().add(IMPERSONATED_PARTNER)));
                case PLAIN_USER -> new JsonObject().put("id", userId).put("enabled", true).put("email", "v@x.test");
                case DISABLED_USER -> new JsonObject().put("id", userId).put("enabled", false)
                        .put("attributes", new JsonObject().put("partnerId", new io.vertx.core.json.JsonArray().add(IMPERSONATED_PARTNER)));
                default -> null;
            };
            if (user == null) {
                response.setStatusCode(404).end("{}");
            } else if (rest.endsWith("/role-mappings/realm/composite")) {
                response.end(PARTNER_USER.equals(userId) ? "[{\"name\":\"partner\"},{\"name\":\"offline_access\"}]" : "[]");
            } else {
                response.end(user.encode());
            }
        }));
        try {
            return server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("The fake identity provider did not start", e);
        }
    }

    private static String adminSecretFile() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("admin-secret", ".txt");
            java.nio.file.Files.writeString(file, ADMIN_SECRET + "\n");
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}

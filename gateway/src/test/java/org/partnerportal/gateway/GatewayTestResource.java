package org.partnerportal.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.partnerportal.testsupport.TestInfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for Keycloak and the services: the gateway trusts a test OIDC key (tokens are minted
 * by {@link OidcTokens}), and three real HTTP servers answer for partner-, engagement- and
 * nda-service by echoing what they received, so a test can check what the gateway forwarded.
 * notification-service points at a closed port, to see how the gateway answers when a service is down.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String OIDC_ISSUER = "https://keycloak.test/realms/partner-portal";

    private static KeyPair oidcKeys;
    private Vertx vertx;

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

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String service : new String[] { "partner-service", "engagement-service", "nda-service" }) {
            config.put("pp.gateway.services." + service, "http://localhost:" + echo(service));
        }
        config.put("pp.gateway.services.notification-service", "http://localhost:" + closedPort());
        config.put("pp.gateway.internal-jwt.private-key-location",
                TestInfra.keysDir().resolve("internal-jwt-private.pem").toString());
        config.put("quarkus.oidc.public-key", Base64.getEncoder().encodeToString(oidcKeys().getPublic().getEncoded()));
        config.put("quarkus.oidc.token.issuer", OIDC_ISSUER);
        return config;
    }

    private int echo(String service) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
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

    private static int closedPort() {
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

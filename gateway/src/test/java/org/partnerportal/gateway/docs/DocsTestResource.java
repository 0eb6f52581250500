package org.partnerportal.gateway.docs;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.partnerportal.gateway.GatewayTestResource;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The gateway's usual test set-up ({@link GatewayTestResource}: OIDC key, signing key, links), with
 * partner-, engagement- and nda-service replaced by real HTTP servers that answer {@code /q/openapi}
 * with {@link FakeServiceDocs}, and notification-service down (a closed port).
 */
public class DocsTestResource extends GatewayTestResource {

    /** How many times the fake services were asked for their document (caching). */
    static final AtomicInteger FETCHES = new AtomicInteger();

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        vertx = Vertx.vertx();
        FakeServiceDocs.BY_SERVICE.forEach((service, doc) -> config.put("pp.gateway.services." + service,
                "http://localhost:" + serve(doc)));
        config.put("pp.gateway.services.notification-service", "http://localhost:" + closedPort());
        config.put("pp.gateway.docs.cache-ttl", "1H");
        config.put("pp.gateway.docs.partial-cache-ttl", "1H");
        return config;
    }

    private int serve(String doc) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/q/openapi") && "json".equals(request.getParam("format"))) {
                FETCHES.incrementAndGet();
                request.response().putHeader("Content-Type", "application/json").end(doc);
            } else {
                request.response().setStatusCode(404).end();
            }
        });
        try {
            return server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("A fake service did not start", e);
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
        super.stop();
    }
}

package org.partnerportal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A circuit's way back, end to end: engagement-service is a real HTTP server on a port of its own
 * that the test stops (connection refused) and starts again, and every call goes through the
 * gateway. The server counts the calls that reach it, so "open" means "the service saw nothing",
 * not only "the caller got a 503". Half-open → closed: the service came back while the circuit was
 * open; it still sees nothing until open-for has passed, then one trial (while it runs, other
 * callers are still paused and the service sees only the trial), whose success closes the circuit.
 * Half-open → open: the trial meets a service that is still down, the circuit opens for another
 * open-for (the service, back meanwhile, sees nothing), then a trial closes it.
 */
@QuarkusTest
@WithTestResource(CircuitRecoveryTest.RecoveringUpstream.class)
class CircuitRecoveryTest {

    /** Open-for of these tests: long enough to see an open circuit refuse calls on a loaded machine. */
    static final Duration OPEN_FOR = Duration.ofSeconds(3);
    /** pp.gateway.circuit-breaker.failure-threshold */
    static final int THRESHOLD = 5;

    /** The gateway's usual stand-ins, with engagement-service at a port that the test serves or not. */
    public static class RecoveringUpstream extends GatewayTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            int port = closedPort();
            config.put("pp.gateway.services.engagement-service", "http://localhost:" + port);
            config.put("pp.test.recovering-upstream-port", String.valueOf(port));
            config.put("pp.gateway.circuit-breaker.open-for", OPEN_FOR.toSeconds() + "S");
            return config;
        }
    }

    // a default, because Quarkus validates every test class's injection points at each start, also
    // in the other test classes' applications, which have no such port (this class never sees 0)
    @ConfigProperty(name = "pp.test.recovering-upstream-port", defaultValue = "0")
    int port;

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger reached = new AtomicInteger();
    /** How long the service takes over its next answer. */
    private final AtomicLong nextDelayMs = new AtomicLong();
    private HttpServer server;

    private final String admin = OidcTokens.of("admin", "admin");

    @BeforeEach
    void serviceUpAndCircuitClosed() throws Exception {
        up();
        // a circuit an earlier test left open closes with its trial after open-for at most
        long deadline = System.nanoTime() + OPEN_FOR.multipliedBy(3).toNanos();
        while (call().statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the circuit did not close for a healthy service");
            Thread.sleep(200);
        }
        reached.set(0);
    }

    @AfterEach
    void stop() throws Exception {
        down();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void up() throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            reached.incrementAndGet();
            long delay = nextDelayMs.getAndSet(0);
            Runnable answer = () -> request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end("{\"items\":[]}");
            if (delay == 0) {
                answer.run();
            } else {
                vertx.setTimer(delay, id -> answer.run());
            }
        });
        server.listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void down() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server = null;
        }
    }

    private Response call() {
        return RestAssured.given().auth().oauth2(admin).when().get("/api/events");
    }

    /** The call went out and failed: refused (503 "not reachable"), or a pooled connection the stopped service closed (502). */
    private static void assertUnreachable(Response r) {
        assertTrue(r.statusCode() == 503 || r.statusCode() == 502, r.asString());
        String detail = r.jsonPath().getString("detail");
        assertTrue(detail.contains("not reachable") || detail.contains("failed"), "the call went out and failed: " + r.asString());
    }

    private static void assertPaused(Response r) {
        assertEquals(503, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getString("detail").contains("paused"), "the circuit refused the call: " + r.asString());
        assertTrue(r.header("Retry-After") != null, "an open circuit says when to come back");
    }

    /** The service goes down; THRESHOLD calls fail against it and the circuit opens. */
    private void openByAnOutage() throws Exception {
        down();
        for (int i = 0; i < THRESHOLD; i++) {
            assertUnreachable(call());
        }
        assertPaused(call());
    }

    @Test
    void halfOpenThenClosedWhenTheServiceIsBack() throws Exception {
        openByAnOutage();
        up();
        // open: the service is back, but sees nothing until open-for has passed
        assertPaused(call());
        assertEquals(0, reached.get(), "an open circuit sends nothing to the service");

        Thread.sleep(OPEN_FOR.toMillis() + 300);
        // half-open: one trial goes out (slow), and while it runs every other caller is still paused
        nextDelayMs.set(1_000);
        CompletableFuture<Response> trial = CompletableFuture.supplyAsync(this::call);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reached.get() == 0) {
            assertTrue(System.nanoTime() < deadline, "the trial call never reached the service");
            Thread.sleep(20);
        }
        assertPaused(call());
        assertEquals(1, reached.get(), "only the trial reached the service");
        assertEquals(200, trial.get(10, TimeUnit.SECONDS).statusCode());

        // closed: every call goes through again
        for (int i = 0; i < 3; i++) {
            assertEquals(200, call().statusCode());
        }
        assertEquals(4, reached.get());
    }

    @Test
    void halfOpenThenOpenAgainWhenTheTrialFails() throws Exception {
        openByAnOutage();
        Thread.sleep(OPEN_FOR.toMillis() + 300);
        // half-open: the trial goes out and meets a service still down
        assertUnreachable(call());
        // open again at once, for another open-for: the service, back meanwhile, sees nothing
        assertPaused(call());
        up();
        assertPaused(call());
        assertEquals(0, reached.get(), "a circuit opened again by its failed trial sends nothing to the service");

        Thread.sleep(OPEN_FOR.toMillis() + 300);
        // half-open again: this trial succeeds and closes the circuit
        assertEquals(200, call().statusCode());
        assertEquals(200, call().statusCode());
        assertEquals(2, reached.get());
    }
}

package org.partnerportal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Defects a review found at the edge (issue 17, points 11–13): a link token spelled with percent
 * escapes, dot segments in path parameters, and circuits that a slow client, anonymous traffic or a
 * reset trial call could pause or jam for everybody.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class EdgeHardeningTest {

    private static final String DEMO = "5e7d0000-0000-4000-8000-000000000001";
    /** java.net.http sends a path exactly as given: no normalisation of "." or "..". */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String path, String bearer, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(status, JsonPath.from(response.body()).getInt("status"));
    }

    // --- 12: the link token never travels further, however its name is spelled ---

    @Test
    void aPercentEncodedTokenNameAuthenticatesButIsNotForwarded() throws Exception {
        String token = LinkTokens.proposal(DEMO);
        for (String name : new String[] { "%74oken", "t%6Fken", "%74%6f%6b%65%6e", "token" }) {
            HttpResponse<String> r = send("GET", "/api/proposals/" + DEMO + "?lang=ar&" + name + "=" + token
                    + "&note=a%26b%20c", null);
            assertEquals(200, r.statusCode(), name + ": " + r.body());
            String uri = JsonPath.from(r.body()).getString("uri");
            assertFalse(uri.contains(token) || uri.contains(token.substring(0, 20)), name + " forwarded: " + uri);
            assertFalse(uri.toLowerCase().contains("oken"), name + " forwarded: " + uri);
            // the other parameters arrive with their values intact
            assertEquals("/api/proposals/" + DEMO + "?lang=ar&note=a%26b%20c", uri, name);
        }
    }

    // --- 13: dot segments in path parameters ---

    @Test
    void dotSegmentsInPathParametersAreRefused() throws Exception {
        String admin = OidcTokens.of("admin", "admin");
        for (String path : new String[] { "/api/partners/..", "/api/partners/.", "/api/partners/%2e%2e",
                "/api/partners/.%2E", "/api/partners/%2e", "/api/partners/../stage",
                "/api/events/x/partners/..", "/api/notifications/recipients/%2e%2e",
                "/api/notifications/recipients/a%2f..%2fconfig" }) {
            String method = path.endsWith("/stage") ? "PUT" : "GET";
            HttpResponse<String> r = send(method, path, admin);
            assertProblem(r, 400);
            assertTrue(r.headers().firstValue("X-Echo").isEmpty(), path + " reached a service");
        }
        // a dot inside an id is fine
        assertEquals(200, send("GET", "/api/partners/a.b", admin).statusCode());
    }

    // --- 11: circuits ---

    /** Sends headers and the first byte of a 100-byte body, then stalls; answers the status line. */
    private static String stallingBody(String path) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
                line.append((char) b);
            }
            return line.toString();
        }
    }

    private static <T> List<T> parallel(int n, Supplier<T> call) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(CompletableFuture.supplyAsync(call));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static <T> Supplier<T> unchecked(java.util.concurrent.Callable<T> call) {
        return () -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void aClientStallingItsBodyGets408AndPausesNobody() throws Exception {
        List<String> answers = parallel(6, unchecked(() -> stallingBody("/api/partner/register")));
        answers.forEach(status -> assertTrue(status.startsWith("HTTP/1.1 408"), status));
        // the service was never at fault: neither signed-in nor anonymous callers are paused
        assertEquals(200, send("GET", "/api/partners", OidcTokens.of("admin", "admin")).statusCode());
        HttpResponse<String> register = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/partner/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, register.statusCode(), register.body());
    }

    @Test
    void anonymousTrafficThatTimesOutPausesOnlyThePublicCircuit() throws Exception {
        String admin = OidcTokens.of("admin", "admin");
        // the service is slow for five anonymous calls in a row (the test timeout is 2 s)
        List<Integer> slow = parallel(5, unchecked(() -> send("GET", "/api/nda/template", null,
                "X-Test-Delay-Ms", "3000").statusCode()));
        slow.forEach(status -> assertEquals(504, status));
        HttpResponse<String> paused = send("GET", "/api/nda/template", null);
        assertProblem(paused, 503);
        assertTrue(paused.headers().firstValue("Retry-After").isPresent());
        // the signed-in people who work with nda-service are not paused by it
        assertEquals(200, send("GET", "/api/partners/" + DEMO + "/ndas", admin).statusCode());
        // half-open after open-for (2 s in tests): the trial succeeds and the public circuit closes
        Thread.sleep(2_300);
        assertEquals(200, send("GET", "/api/nda/template", null).statusCode());
        assertEquals(200, send("GET", "/api/nda/template", null).statusCode());
    }

    @Test
    void aTrialCallEndingInAResetDoesNotLeaveTheCircuitStuckOpen() throws Exception {
        String admin = OidcTokens.of("admin", "admin");
        List<Integer> slow = parallel(5, unchecked(() -> send("GET", "/api/events", admin,
                "X-Test-Delay-Ms", "3000").statusCode()));
        slow.forEach(status -> assertEquals(504, status));
        assertProblem(send("GET", "/api/events", admin), 503);

        // half-open: the trial call's connection is closed by the service -> 502, and open again
        Thread.sleep(2_300);
        assertProblem(send("GET", "/api/events", admin, "X-Test-Reset", "1"), 502);
        assertProblem(send("GET", "/api/events", admin), 503);

        // half-open again: a trial that succeeds closes the circuit
        Thread.sleep(2_300);
        assertEquals(200, send("GET", "/api/events", admin).statusCode());
        assertEquals(200, send("GET", "/api/events", admin).statusCode());
    }
}

package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;

/**
 * Metrics and traces of the running stack: one request's trace id crosses the gateway, the
 * service that stores the fact, Kafka (through the outbox) and the services that consume the
 * event; and the Grafana dashboard queries only metrics that the services really expose.
 */
class ObservabilityIT {

    static final Path DASHBOARD = Stack.REPO.resolve("deploy/grafana/partner-portal.json");
    /** A metric selector in PromQL: the name right before its label matchers or its range. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{|\\[)");

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    private static String register(String email, Map<String, String> headers) {
        return given().baseUri(Stack.gateway()).headers(headers).contentType(ContentType.JSON)
                .body(Map.of("name", "Trace Person", "email", email, "company", "Trace Co " + UUID.randomUUID()))
                .when().post("/api/partner/register")
                .then().statusCode(202).extract().path("id");
    }

    @Test
    void oneTraceIdCrossesGatewayServiceKafkaAndTheConsumers() {
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(randomBytes(16));
        String email = "trace." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        register(email, Map.of("traceparent", "00-" + traceId + "-" + hex.formatHex(randomBytes(8)) + "-01",
                "X-Request-Id", "trace-test-" + traceId.substring(0, 12)));

        // the record on the topic carries the same trace (the relay published it from the outbox, later)
        Topic.Event event = AccessFlowIT.awaitEvent("partner-events", "partnerportal.AccessRequested.v1", "email", email);
        assertTrue(event.traceparent() != null && event.traceparent().startsWith("00-" + traceId + "-"),
                "traceparent header of the Kafka record: " + event.traceparent());

        // and every part of the way reported its span of that trace to the collector
        List<OtlpReceiver.Span> spans = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> OtlpReceiver.get().trace(traceId), s -> hasAll(s, List.of(
                        "gateway SERVER", "partner-service SERVER", "partner-service PRODUCER",
                        "notification-service CONSUMER", "engagement-service CONSUMER", "nda-service CONSUMER")));
        String headerSpan = event.traceparent().split("-")[2];
        assertTrue(spans.stream().anyMatch(s -> s.service().equals("partner-service")
                && s.kind().equals("SPAN_KIND_PRODUCER") && s.spanId().equals(headerSpan)),
                "the record's traceparent names partner-service's producer span: " + spans);
    }

    /** Whether the spans include each "service KIND" (kind without the SPAN_KIND_ prefix). */
    private static boolean hasAll(List<OtlpReceiver.Span> spans, List<String> wanted) {
        return wanted.stream().allMatch(w -> spans.stream().anyMatch(s -> w.equals(s.service() + " "
                + s.kind().replace("SPAN_KIND_", ""))));
    }

    @Test
    void everyMetricTheDashboardQueriesIsExposedAndNoneThroughTheGateway() throws IOException {
        Set<String> queried = dashboardMetrics();
        assertTrue(queried.size() >= 10, "the dashboard queries " + queried);
        // an access request: the admins' alert mail makes pp_emails_total appear
        register("metrics." + UUID.randomUUID().toString().substring(0, 8) + "@example.com", Map.of());
        Set<String> exposed = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(ObservabilityIT::exposedMetrics, names -> names.containsAll(queried));
        assertTrue(exposed.containsAll(queried));

        given().baseUri(Stack.gateway()).when().get("/q/metrics").then().statusCode(404);
        given().baseUri(Stack.gateway()).when().get("/api/q/metrics").then().statusCode(404);
    }

    /** Every metric name in the dashboard's queries. */
    static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = SELECTOR.matcher(expr.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The sample names the four services and the gateway (its management port) expose now. */
    private static Set<String> exposedMetrics() {
        List<Integer> ports = new ArrayList<>(Stack.SERVICE_PORTS);
        ports.add(Stack.GATEWAY_MANAGEMENT);
        Set<String> names = new TreeSet<>();
        for (int port : ports) {
            String text = given().baseUri("http://localhost:" + port).when().get("/q/metrics")
                    .then().statusCode(200).extract().asString();
            for (String line : text.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        return names;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}

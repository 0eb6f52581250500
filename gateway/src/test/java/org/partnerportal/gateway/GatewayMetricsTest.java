package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.PrometheusText;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway's metrics: on the management port only (the public port answers 404 for them), per
 * policy-table route and status, with the rate-limit refusal series present from the start.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class GatewayMetricsTest {


    private PrometheusText scrape() {
        return PrometheusText.parse(given().when().get(ManagementPort.metrics()).then().statusCode(200).extract().asString());
    }

    @Test
    void metricsAreNotServedOnThePublicPort() {
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get("/api/../q/metrics").then().statusCode(404);
        // health stays on the public port, where the probes and the launcher look for it
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void requestsAreCountedByRouteTemplateAndStatus() {
        String route = "/api/partners/{id}";
        double before = scrape().sum("pp_gateway_requests_seconds_count", "route", route, "upstream", "partner-service",
                "status", "200", "service", "gateway");
        double unmatched = scrape().sum("pp_gateway_requests_seconds_count", "route", "unmatched", "status", "404");

        given().auth().oauth2(OidcTokens.of("admin", "admin")).when().get("/api/partners/5e7d0000-0000-4000-8000-000000000001")
                .then().statusCode(200);
        given().when().get("/api/no-such-thing").then().statusCode(404);

        PrometheusText after = scrape();
        assertEquals(before + 1, after.sum("pp_gateway_requests_seconds_count", "route", route, "upstream",
                "partner-service", "status", "200", "service", "gateway"));
        assertEquals(unmatched + 1, after.sum("pp_gateway_requests_seconds_count", "route", "unmatched", "status", "404"));
        assertTrue(after.samples().stream().noneMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains("5e7d0000"))),
                "raw paths never become series");
        for (String rate : new String[] { "public", "proposal-unlock", "nda-submit" }) {
            assertTrue(after.has("pp_gateway_rate_limited_total", "rate_class", rate), rate);
        }
    }
}

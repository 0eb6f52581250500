package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.PrometheusText;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Seed 001's limits under parallel load: 5 proposal unlocks and 3 NDA submissions an hour per
 * client IP, then 429 with Retry-After. The test client poses as a trusted proxy (range 127.0.0.0/8) so that each
 * test can be its own client IP through X-Forwarded-For.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
@TestProfile(RateLimitTest.RealLimits.class)
class RateLimitTest {

    public static class RealLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pp.gateway.rate-limits.proposal-unlock", "5/PT1H",
                    "pp.gateway.rate-limits.nda-submit", "3/PT1H",
                    "pp.gateway.rate-limits.public", "30/PT1M",
                    // a range, as for an ingress controller's pods (issue 17, point 14)
                    "pp.gateway.trusted-proxies", "127.0.0.0/8");
        }
    }

    static final String A = RoleMatrixTest.A;

    private static List<Response> parallel(int n, Callable<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call));
            }
            List<Response> out = new ArrayList<>();
            for (Future<Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(List<Response> responses, int status) {
        return responses.stream().filter(r -> r.statusCode() == status).count();
    }

    @Test
    void exactlyFiveProposalUnlocksAnHourPerIp() throws Exception {
        String token = LinkTokens.proposal(A);
        List<Response> burst = parallel(12, () -> given().header("X-Forwarded-For", "198.51.100.7")
                .queryParam("token", token).when().get("/api/proposals/" + A));
        assertEquals(5, count(burst, 200));
        assertEquals(7, count(burst, 429));
        Response refused = burst.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertEquals("application/problem+json", refused.contentType());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 3000 && retryAfter <= 3600, "about an hour: " + retryAfter);

        // another address has its own budget; a wrong token still counts as an attempt
        given().header("X-Forwarded-For", "198.51.100.8").queryParam("token", "forged.token.value")
                .when().get("/api/proposals/" + A).then().statusCode(401);
        List<Response> other = parallel(6, () -> given().header("X-Forwarded-For", "198.51.100.8")
                .queryParam("token", token).when().get("/api/proposals/" + A));
        assertEquals(4, count(other, 200));
    }


    private double refusals(String rateClass) {
        return PrometheusText.parse(given().when().get(ManagementPort.metrics()).then().statusCode(200).extract().asString())
                .sum("pp_gateway_rate_limited_total", "rate_class", rateClass);
    }

    @Test
    void exactlyThreeNdaSubmissionsAnHourPerIp() throws Exception {
        double refusedBefore = refusals("nda-submit");
        String token = LinkTokens.proposal(A);
        List<Response> burst = parallel(8, () -> given().header("X-Forwarded-For", "203.0.113.50")
                .header("X-Link-Token", token).contentType("application/json").body("{}")
                .when().post("/api/proposals/" + A + "/nda"));
        assertEquals(3, count(burst, 200));
        assertEquals(5, count(burst, 429));
        assertEquals(refusedBefore + 5, refusals("nda-submit"), "each refusal is counted");
    }

    @Test
    void publicPathsHaveAGeneralBudgetAndSignedInTrafficIsNotLimited() throws Exception {
        List<Response> register = parallel(40, () -> given().header("X-Forwarded-For", "192.0.2.77")
                .contentType("application/json").body("{}").when().post("/api/partner/register"));
        assertEquals(30, count(register, 200));
        assertEquals(10, count(register, 429));
        String admin = OidcTokens.of("admin", "admin");
        List<Response> signedIn = parallel(40, () -> given().header("X-Forwarded-For", "192.0.2.77")
                .auth().oauth2(admin).when().get("/api/partners"));
        assertEquals(40, count(signedIn, 200));
    }

    @Test
    void theClientIpComesFromTheTrustedProxysForwardedFor() {
        io.restassured.path.json.JsonPath echo = given().header("X-Forwarded-For", "203.0.113.9, 10.0.0.3")
                .auth().oauth2(OidcTokens.of("admin", "admin")).when().get("/api/partners")
                .then().statusCode(200).extract().jsonPath();
        // 10.0.0.3 is not a trusted proxy, so it is the client as far as this gateway can tell
        assertEquals("10.0.0.3", echo.getString("headers.x-real-ip"));
        assertEquals("203.0.113.9, 10.0.0.3, 127.0.0.1", echo.getString("headers.x-forwarded-for"));
    }
}

package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Seed 001's budgets, counted in nda-service's store so that they hold across gateway replicas:
 * 5 proposal unlocks and 3 NDA submissions an hour per client address (the gateway's X-Real-IP),
 * every attempt counting, then 429 problem+json with Retry-After. Parallel requests stand for
 * several gateways forwarding at once; exactly the budget gets through.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class AttemptLimitTest {

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private static List<Integer> parallel(int n, Callable<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> f : futures) {
                statuses.add(f.get().statusCode());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(List<Integer> statuses, int status) {
        return statuses.stream().filter(s -> s == status).count();
    }

    @Test
    void fiveProposalUnlocksAnHourPerAddressWhicheverGatewayForwardsThem() throws Exception {
        String id = Fixtures.partner("Budget Unlock LLC");
        Fixtures.content(id);
        String holder = Fixtures.holder(id);
        List<Integer> burst = parallel(9, () -> given().auth().oauth2(holder).header("X-Real-IP", "198.51.100.31")
                .get("/api/proposals/" + id));
        assertEquals(5, count(burst, 200), burst.toString());
        assertEquals(4, count(burst, 429), burst.toString());

        Response refused = given().auth().oauth2(holder).header("X-Real-IP", "198.51.100.31").get("/api/proposals/" + id);
        refused.then().statusCode(429).contentType("application/problem+json");
        assertEquals("https://partnerportal.org/problems/too-many-requests", refused.jsonPath().getString("type"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 3000 && retryAfter <= 3600, "about an hour: " + retryAfter);

        // another address has its own budget; an hour later the first one has its budget again
        given().auth().oauth2(holder).header("X-Real-IP", "198.51.100.32").get("/api/proposals/" + id).then().statusCode(200);
        TestClock.advance(Duration.ofMinutes(61));
        given().auth().oauth2(holder).header("X-Real-IP", "198.51.100.31").get("/api/proposals/" + id).then().statusCode(200);
    }

    @Test
    void threeNdaSubmissionsAnHourPerAddressRefusedOnesIncluded() throws Exception {
        String id = Fixtures.partner("Budget Submit LLC");
        String holder = Fixtures.holder(id);
        // bodies the resource refuses (400) still use the budget: every attempt counts
        List<Integer> burst = parallel(5, () -> given().auth().oauth2(holder).header("X-Real-IP", "203.0.113.61")
                .contentType("application/json").body("{}").post("/api/proposals/" + id + "/nda"));
        assertEquals(3, count(burst, 400), burst.toString());
        assertEquals(2, count(burst, 429), burst.toString());
        // the view reports of the same holder are not NDA submissions
        given().auth().oauth2(holder).header("X-Real-IP", "203.0.113.61").contentType("application/json")
                .body("{\"section\":\"hero\",\"seconds\":3}").post("/api/proposals/" + id + "/views")
                .then().statusCode(org.hamcrest.Matchers.not(429));
    }
}

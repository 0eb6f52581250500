package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A request the gateway could not deliver does not use up the caller's budget: with nda-service
 * unreachable, a partner trying to open the proposal or sign more often than the limits allow gets
 * the gateway's 503 every time, never a 429 that would lock them out for an hour once the service
 * is back. (That a request which reached the service counts, a refused link included, is
 * {@link RateLimitTest}.)
 */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, initArgs = @ResourceArg(name = "down", value = "nda-service"))
@TestProfile(RateLimitOutageTest.TightLimits.class)
class RateLimitOutageTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pp.gateway.rate-limits.proposal-unlock", "2/PT1H",
                    "pp.gateway.rate-limits.nda-submit", "1/PT1H",
                    "pp.gateway.trusted-proxies", "127.0.0.1");
        }
    }

    static final String A = RoleMatrixTest.A;

    @Test
    void attemptsThatNeverReachedTheServiceAreGivenBack() {
        String token = LinkTokens.proposal(A);
        List<Integer> unlocks = new ArrayList<>();
        List<Integer> signings = new ArrayList<>();
        // the first attempts fail to connect, the later ones find the circuit open: both are ours
        for (int i = 0; i < 8; i++) {
            unlocks.add(given().header("X-Forwarded-For", "198.51.100.20").queryParam("token", token)
                    .when().get("/api/proposals/" + A).then().contentType("application/problem+json")
                    .extract().statusCode());
            signings.add(given().header("X-Forwarded-For", "198.51.100.20").header("X-Link-Token", token)
                    .contentType("application/json").body("{}").when().post("/api/proposals/" + A + "/nda")
                    .then().contentType("application/problem+json").extract().statusCode());
        }
        assertEquals(List.of(503, 503, 503, 503, 503, 503, 503, 503), unlocks);
        assertEquals(List.of(503, 503, 503, 503, 503, 503, 503, 503), signings);
        // a refused link reached the gateway's own check, not the outage: it still counts
        for (int i = 0; i < 2; i++) {
            given().header("X-Forwarded-For", "198.51.100.21").queryParam("token", "forged.token.value")
                    .when().get("/api/proposals/" + A).then().statusCode(401);
        }
        given().header("X-Forwarded-For", "198.51.100.21").queryParam("token", token)
                .when().get("/api/proposals/" + A).then().statusCode(429);
    }
}

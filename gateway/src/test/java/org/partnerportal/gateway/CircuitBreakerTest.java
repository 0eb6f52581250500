package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A service that keeps failing gets its calls paused: 503 at once with Retry-After, never a hung client. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class CircuitBreakerTest {

    @Test
    void repeatedConnectionFailuresOpenTheCircuit() {
        String superAdmin = OidcTokens.of("superadmin", "super_admin");
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            answers.add(given().auth().oauth2(superAdmin).when().get("/api/notifications/config"));
        }
        answers.forEach(r -> assertEquals(503, r.statusCode()));
        Response last = answers.get(answers.size() - 1);
        assertTrue(last.header("Retry-After") != null, "an open circuit says when to come back");
        assertTrue(last.jsonPath().getString("detail").contains("paused"), last.asString());
        // other services are unaffected
        given().auth().oauth2(superAdmin).when().get("/api/partners").then().statusCode(200);
    }
}

package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.PortalTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(PortalTestResource.class)
class HealthTest {

    @Test
    void readinessCoversMongoKafkaAndTheRollupAndTheApiIsDocumented() {
        // the rollup's start-up reconciliation runs in the background
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("MongoDB connection health check",
                        "SmallRye Reactive Messaging - readiness check", "dashboard-rollup")));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("engagement-service"));
    }
}

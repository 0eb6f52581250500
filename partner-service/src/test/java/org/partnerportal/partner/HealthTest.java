package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.PortalTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(PortalTestResource.class)
class HealthTest {

    @Test
    void readinessCoversMongoKafkaAndTheStartupTasks() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("MongoDB connection health check",
                        "SmallRye Reactive Messaging - readiness check", "startup-tasks"));
    }
}

package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(NdaTestResource.class)
class HealthTest {

    @Test
    void readinessCoversMongoAndKafkaAndTheApiIsDocumented() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("MongoDB connection health check",
                        "SmallRye Reactive Messaging - readiness check"))
                // one store check, service-common's StoreReadiness: quarkus-mongodb-client's own check
                // (which would build a second, synchronous client at start) is off
                .body("checks.findAll { it.name == 'MongoDB connection health check' }.size()", equalTo(1));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("nda-service"));
    }
}

package org.partnerportal.common.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.TestInfra;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClients;

import io.quarkus.mongodb.impl.ReactiveMongoClientImpl;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;

/**
 * The store's readiness check against a real MongoDB-wire server (UP), and against a port where
 * nothing answers (DOWN within its timeout, with the reason): a check that never said DOWN would
 * keep a service in rotation whose store is gone.
 */
class StoreReadinessTest {

    @Test
    void upWhenTheStoreAnswersAPing() {
        try (ReactiveMongoClient client = new ReactiveMongoClientImpl(MongoClients.create(TestInfra.mongoUri()))) {
            HealthCheckResponse r = new StoreReadiness(client).call().await().atMost(Duration.ofSeconds(10));
            assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
            assertEquals("MongoDB connection health check", r.getName());
        }
    }

    @Test
    void downWithTheReasonWhenNothingAnswers() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + closedPort))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(30, TimeUnit.SECONDS))
                .build();
        try (ReactiveMongoClient client = new ReactiveMongoClientImpl(MongoClients.create(settings))) {
            long t0 = System.nanoTime();
            HealthCheckResponse r = new StoreReadiness(client).call().await().atMost(Duration.ofSeconds(10));
            assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
            assertTrue(r.getData().orElseThrow().get("error").toString().contains("Timeout"),
                    "the reason is given: " + r.getData());
            // its own timeout (3 s) answered, not the driver's 30 s server selection
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        }
    }
}

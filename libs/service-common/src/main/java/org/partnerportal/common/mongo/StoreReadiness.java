package org.partnerportal.common.mongo;

import java.time.Duration;

import org.bson.Document;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service's store in readiness: a {@code ping} over the reactive client the repositories use.
 * It stands in for quarkus-mongodb-client's own check ({@code quarkus.mongodb.health.enabled=false}
 * in this library's configuration), which builds a second, synchronous client at start only to
 * ping with it as well: a connection pool, a monitor thread and the synchronous driver's classes
 * per service, on the start's path. Same name as that check, so what reads readiness sees no change.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements AsyncHealthCheck {

    static final String NAME = "MongoDB connection health check";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final ReactiveMongoClient client;

    StoreReadiness(ReactiveMongoClient client) {
        this.client = client;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return client.getDatabase("admin").runCommand(new Document("ping", 1))
                .ifNoItem().after(TIMEOUT).fail()
                .map(answer -> HealthCheckResponse.up(NAME))
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build());
    }
}

package org.partnerportal.common.startup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * A service's start-up work (its indexes, its seeds) run beside the rest of the start rather than
 * after it: the indexes begun by a start-up observer that runs before the Kafka channels are
 * connected ({@code @Priority(Interceptor.Priority.PLATFORM_BEFORE)}; the messaging start-up observes
 * at {@code LIBRARY_BEFORE}), so MongoDB builds them while the channels connect; anything that may
 * publish (seeds: their outbox events) only after the channels are connected; all of it awaited by
 * the last start-up observer. The start therefore still completes only
 * once the work is done, and fails as before if it fails or takes more than 30 s; readiness
 * ({@code startup-tasks}, {@link Check}) says the same to a probe that asks during the start.
 */
@ApplicationScoped
public class StartupWork {

    static final Duration LIMIT = Duration.ofSeconds(30);

    private final List<CompletableFuture<?>> pending = new CopyOnWriteArrayList<>();
    private volatile boolean done;

    /**
     * Starts the work now; the start waits for it at its end. The Uni returned completes with it,
     * for work that must follow (e.g. a seed whose outbox event needs the Kafka emitter, which is
     * connected only by the messaging start-up: begin that in an observer of default priority).
     */
    public Uni<Void> begin(Uni<?> work) {
        CompletableFuture<?> running = work.subscribeAsCompletionStage();
        pending.add(running);
        return Uni.createFrom().completionStage(running).replaceWithVoid();
    }

    /** Whether the work begun during the start is done (a method: {@code work} may be a client proxy). */
    public boolean isDone() {
        return done;
    }

    void awaitDone(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Start-up tasks failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Start-up tasks not done after " + LIMIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the start-up tasks", e);
        }
        done = true;
    }

    /** {@code startup-tasks}: DOWN until the work begun during the start is done. */
    @Readiness
    @ApplicationScoped
    static class Check implements HealthCheck {

        private final StartupWork work;

        Check(StartupWork work) {
            this.work = work;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("startup-tasks").status(work.isDone()).build();
        }
    }
}

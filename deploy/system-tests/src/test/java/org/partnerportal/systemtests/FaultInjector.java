package org.partnerportal.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Kills, at random moments while the workload runs, a random service or the gateway with SIGKILL
 * ({@code deploy/local/stop <name> --kill}) and starts it again ({@code deploy/local/start}, which
 * waits until it is ready); once per run, at a random place among the kills, it does the same to
 * the Kafka broker. Each fault follows the previous restart after a random pause. Every restart
 * gets the same extra environment as the stack's first start of that component.
 */
final class FaultInjector {

    static final List<String> VICTIMS = List.of("partner-service", "engagement-service", "nda-service",
            "notification-service", "gateway");
    private static final Duration LAUNCH = Duration.ofMinutes(4);

    /** One fault: what was killed, when (seconds into the workload), and how long until it was ready again. */
    record Fault(String component, double atSeconds, double downSeconds, boolean duringWorkload) {
        @Override
        public String toString() {
            return String.format("%-21s killed at %6.1f s, ready again after %5.1f s%s", component, atSeconds,
                    downSeconds, duringWorkload ? "" : "  (after the workload had ended)");
        }
    }

    private final Random random;
    private final Duration maxGap;
    private final Map<String, String> env;
    private final List<String> plan = new ArrayList<>();
    private final List<Fault> done = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private Instant start;
    private BooleanSupplier workloadRunning;

    FaultInjector(ChaosPlan chaos, Map<String, String> env) {
        this.random = new Random(chaos.seed());
        this.maxGap = chaos.faultGap();
        this.env = env;
        for (int i = 0; i < chaos.kills(); i++) {
            plan.add(VICTIMS.get(random.nextInt(VICTIMS.size())));
        }
        plan.add(random.nextInt(plan.size() + 1), "kafka");
    }

    List<String> plan() {
        return List.copyOf(plan);
    }

    /** Starts the faults; the first comes 3 s to {@code fault-gap} after this call. */
    void start(BooleanSupplier workloadRunning) {
        this.workloadRunning = workloadRunning;
        start = Instant.now();
        next(0);
    }

    private void next(int i) {
        if (i == plan.size()) {
            timer.shutdown();
            finished.complete(null);
            return;
        }
        long pause = 3_000 + (long) (random.nextDouble() * Math.max(0, maxGap.toMillis() - 3_000));
        timer.schedule(() -> {
            try {
                inject(plan.get(i));
                next(i + 1);
            } catch (RuntimeException e) {
                finished.completeExceptionally(e);
            }
        }, pause, TimeUnit.MILLISECONDS);
    }

    private void inject(String component) {
        boolean during = workloadRunning.getAsBoolean();
        Instant at = Instant.now();
        Stack.launcher(env, LAUNCH, "stop", component, "--kill");
        Stack.launcher(env, LAUNCH, "start", component);
        done.add(new Fault(component, seconds(start, at), seconds(at, Instant.now()), during));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Waits for the last fault's restart; rethrows a restart that failed. */
    List<Fault> awaitAll() {
        finished.join();
        return List.copyOf(done);
    }
}

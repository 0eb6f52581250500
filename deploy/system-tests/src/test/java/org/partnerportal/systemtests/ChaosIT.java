package org.partnerportal.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: partners taken through the whole journey in parallel while services, the
 * gateway and once the Kafka broker are killed with SIGKILL and restarted ({@link FaultInjector});
 * a poison message on every consumed topic at the start. Then the books ({@link ChaosBooks}):
 * every accepted request's effect exactly once, nothing left unconsumed, unpublished or unsent,
 * and in the dead-letter topics exactly the poison. The run prints what it injected and found
 * (and writes it to {@code target/chaos-report.txt}). Its size: {@link ChaosPlan}.
 */
@ClientAddresses.OwnAddresses
class ChaosIT {

    /** The partners' own addresses travel in X-Forwarded-For; the gateway believes it from the test's loopback. */
    private static final Map<String, String> ENV = Map.of("PP_TRUSTED_PROXIES", "127.0.0.1,0:0:0:0:0:0:0:1,::1");
    private static final Duration LAUNCH = Duration.ofMinutes(4);

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
        Stack.launcher(LAUNCH, "stop", "gateway");
        Stack.launcher(ENV, LAUNCH, "start", "gateway");
    }

    @AfterAll
    static void leaveItAsItWas() {
        // whatever happened above, later tests find the whole stack up, the gateway as first started
        Stack.launcher(LAUNCH, "start", "kafka");
        FaultInjector.VICTIMS.forEach(c -> Stack.launcher(LAUNCH, "start", c));
        Stack.launcher(LAUNCH, "stop", "gateway");
        Stack.launcher(LAUNCH, "start", "gateway");
    }

    @Test
    void journeysUnderFaultsLeaveExactBooks() throws InterruptedException {
        ChaosPlan plan = ChaosPlan.fromSystemProperties();
        String replay = "seed " + plan.seed() + " (replay: -Dpp.chaos.seed=" + plan.seed() + ")";
        System.out.println("ChaosIT: " + replay);
        try {
            run(plan, replay);
        } catch (Error | RuntimeException e) {
            System.out.println("ChaosIT failed with " + replay);
            throw e;
        }
    }

    private void run(ChaosPlan plan, String replay) throws InterruptedException {
        String tag = plan.tag();
        Map<TopicPartition, Long> deadLetterMark = KafkaState.ends(PoisonPills.deadLetterTopics());
        PoisonPills.send(tag);

        ChaosLedger ledger = new ChaosLedger();
        List<ChaosJourney> journeys = IntStream.rangeClosed(1, plan.partners())
                .mapToObj(n -> new ChaosJourney(n, tag, ledger)).toList();
        FaultInjector faults = new FaultInjector(plan, ENV);
        AtomicInteger running = new AtomicInteger(journeys.size());
        ExecutorService pool = Executors.newFixedThreadPool(plan.threads());
        Instant start = Instant.now();
        List<Future<?>> work = journeys.stream().<Future<?>>map(j -> pool.submit(() -> {
            try {
                j.run();
            } finally {
                running.decrementAndGet();
            }
        })).toList();
        faults.start(() -> running.get() > 0);
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            try {
                work.get(i).get();
            } catch (ExecutionException e) {
                broken.add(journeys.get(i).name + ": " + e.getCause());
            }
        }
        pool.shutdown();
        Duration workload = Duration.between(start, Instant.now());
        List<FaultInjector.Fault> injected = faults.awaitAll();

        ChaosBooks books = new ChaosBooks(journeys, ledger, tag, deadLetterMark, injected);
        Instant settling = Instant.now();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(books::settled);
        Duration settle = Duration.between(settling, Instant.now());
        List<ChaosBooks.Check> checks = books.audit();

        String report = report(plan, tag, faults.plan(), injected, workload, settle, ledger, broken, checks);
        System.out.println(report);
        try {
            Files.writeString(Stack.DIR.resolveSibling("chaos-report.txt"), report);
        } catch (IOException e) {
            System.out.println("(could not write the report file: " + e + ")");
        }
        assertAll("ChaosIT with " + replay,
                () -> assertEquals(List.of(), broken, "journeys that did not finish"),
                () -> assertEquals(faults.plan().size(), injected.size(), "faults injected"),
                () -> assertTrue(injected.stream().anyMatch(FaultInjector.Fault::duringWorkload), "a fault while the workload ran"),
                () -> assertEquals(List.of(), checks.stream().filter(c -> !c.ok()).toList(), "books"));
    }

    private static String report(ChaosPlan plan, String tag, List<String> victims, List<FaultInjector.Fault> injected,
            Duration workload, Duration settle, ChaosLedger ledger, List<String> broken, List<ChaosBooks.Check> checks) {
        StringBuilder out = new StringBuilder();
        out.append("\n==== Fault injection run ").append(tag).append(" ====\n");
        out.append(String.format("plan: %d partners, %d at a time, %d kills + 1 Kafka restart (%s), seed %d%n",
                plan.partners(), plan.threads(), plan.kills(), String.join(", ", victims), plan.seed()));
        out.append(String.format("workload: %.1f s; settled (lag 0, outboxes empty, mail sent) %.1f s later%n",
                workload.toMillis() / 1000.0, settle.toMillis() / 1000.0));
        out.append("injected:\n");
        injected.forEach(f -> out.append("  ").append(f).append('\n'));
        out.append("requests (lost = attempts whose answer never came or was 502/504/5xx):\n");
        ledger.summary().lines().forEach(l -> out.append("  ").append(l).append('\n'));
        if (!broken.isEmpty()) {
            out.append("journeys that did not finish:\n");
            broken.forEach(b -> out.append("  ").append(b).append('\n'));
        }
        out.append("books:\n");
        checks.forEach(c -> out.append("  ").append(c).append('\n'));
        out.append(checks.stream().allMatch(ChaosBooks.Check::ok) && broken.isEmpty() ? "BOOKS BALANCE\n" : "BOOKS DO NOT BALANCE\n");
        return out.toString();
    }
}

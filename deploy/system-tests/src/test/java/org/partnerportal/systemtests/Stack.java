package org.partnerportal.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system, started once per test run with the project's own launcher
 * ({@code deploy/local/up}) on its own ports and data folder, and stopped when the JVM ends. The
 * tests then see it only from outside: the gateway, Keycloak, the Kafka topics and the mailboxes.
 */
final class Stack {

    static final Path REPO = Path.of(System.getProperty("pp.repo.root", "../..")).toAbsolutePath().normalize();
    static final Path DIR = Path.of(System.getProperty("pp.system.stack-dir", "target/stack")).toAbsolutePath();
    static final int BASE = Integer.getInteger("pp.system.port-base", 20000);

    static final int GATEWAY = BASE + 80;
    static final int GATEWAY_MANAGEMENT = BASE + 85;
    static final int KEYCLOAK = BASE + 180;
    static final int KAFKA = BASE + 92;
    static final int MONGO = BASE + 17;
    static final int IMAP = BASE + 143;
    /** The OTLP/HTTP receiver in the test JVM that the stack's traces go to. */
    static final int OTLP = BASE + 318;
    /** The four services' own ports: health and /q/metrics (never reachable through the gateway). */
    static final List<Integer> SERVICE_PORTS = List.of(BASE + 81, BASE + 82, BASE + 83, BASE + 84);

    static final String DEMO_PARTNER = "5e7d0000-0000-4000-8000-000000000001";

    /** {@code up} was run by this JVM (the stack may be partly up): {@link #stop} brings it down. */
    private static boolean launched;
    /** {@code up} succeeded: the whole stack is ready. */
    private static boolean started;
    /** Why {@code up} failed, for every later test that asks for the stack. */
    private static RuntimeException failure;
    private static boolean stopped;

    private Stack() {
    }

    static String gateway() {
        return "http://localhost:" + GATEWAY;
    }

    static String keycloak() {
        return "http://localhost:" + KEYCLOAK;
    }

    static String kafka() {
        return "localhost:" + KAFKA;
    }

    /**
     * Starts the stack the first time any test asks for it; later calls return at once, or fail at
     * once with the first start's failure (a start that failed is never taken for a started stack,
     * nor tried again for each test class).
     * <p>
     * Whatever still runs in {@link #DIR} first goes down: it can only be left from an aborted run,
     * on binaries older than the ones just built, and {@code up} would leave it running as it is.
     */
    static synchronized void ensureUp() {
        if (started) {
            return;
        }
        if (failure != null) {
            throw new IllegalStateException("The stack did not start earlier in this run", failure);
        }
        // StackSession stops it when the run ends; the hook covers a JVM that ends otherwise
        Runtime.getRuntime().addShutdownHook(new Thread(Stack::stop));
        launched = true;
        try {
            launcher(Duration.ofMinutes(3), "down");
            OtlpReceiver.start(OTLP);
            launcher(Duration.ofMinutes(12), "up");
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
        started = true;
    }

    /** Stops the stack if this run launched it, even partly; data and logs stay in {@link #DIR} for a post-mortem. */
    static synchronized void stop() {
        if (launched && !stopped) {
            stopped = true;
            launcher(Duration.ofMinutes(3), "down");
        }
    }

    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PP_STACK_DIR", DIR.toString());
        env.put("PP_SKIP_BUILD", "1");
        env.put("PP_READY_TIMEOUT", "480"); // Keycloak's first start takes over 4 minutes on a loaded 2-core machine
        env.put("PP_GATEWAY_PORT", String.valueOf(GATEWAY));
        env.put("PP_GATEWAY_MANAGEMENT_PORT", String.valueOf(GATEWAY_MANAGEMENT));
        env.put("PP_PARTNER_PORT", String.valueOf(BASE + 81));
        env.put("PP_ENGAGEMENT_PORT", String.valueOf(BASE + 82));
        env.put("PP_NDA_PORT", String.valueOf(BASE + 83));
        env.put("PP_NOTIFICATION_PORT", String.valueOf(BASE + 84));
        env.put("PP_KEYCLOAK_PORT", String.valueOf(KEYCLOAK));
        env.put("PP_KEYCLOAK_MGMT_PORT", String.valueOf(BASE + 900));
        env.put("PP_KAFKA_PORT", String.valueOf(KAFKA));
        env.put("PP_KAFKA_CONTROLLER_PORT", String.valueOf(BASE + 93));
        env.put("PP_MONGO_PORT", String.valueOf(MONGO));
        env.put("PP_SMTP_PORT", String.valueOf(BASE + 25));
        env.put("PP_IMAP_PORT", String.valueOf(IMAP));
        env.put("PP_GREENMAIL_API_PORT", String.valueOf(BASE + 26));
        // the tests' own clients are the gateway's proxy: a browser or a journey that sends X-Forwarded-For
        // is a partner at an address of its own, with its own per-address budgets (NDA signing: 3 an hour)
        env.put("PP_TRUSTED_PROXIES", "127.0.0.1,0:0:0:0:0:0:0:1,::1");
        // traces on, to the receiver in this JVM (ObservabilityIT)
        env.put("PP_OTEL_ENDPOINT", "http://localhost:" + OTLP);
        env.put("PP_OTEL_PROTOCOL", "http/protobuf");
        // the chaos and fuzz workloads make spans in bursts far above what a partner program does; the
        // span processor's queue (2,048 by default) drops what does not fit before its next export, and
        // a dropped span is one a later test waits for in vain (EdgeIT): a queue that holds a burst,
        // exported every second (the services and the gateway inherit the launcher's environment)
        env.put("QUARKUS_OTEL_BSP_MAX_QUEUE_SIZE", "32768");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "1s");
        // consumers commit what they applied every 200 ms (1 s outside the tests): a test that waits for
        // lag zero ("settled": every record applied) sees it that much sooner
        env.put("KAFKA_COMMIT_INTERVAL_MS", "200");
        return env;
    }

    /** Runs one of the launcher's commands ({@code up}, {@code start partner-service}, …) and fails loudly. */
    static void launcher(Duration timeout, String... command) {
        launcher(Map.of(), timeout, command);
    }

    static void launcher(Map<String, String> extraEnv, Duration timeout, String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve("deploy/local").resolve(command[0]).toString());
        cmd.addAll(List.of(command).subList(1, command.length));
        try {
            Files.createDirectories(DIR);
            Path log = DIR.resolve("launcher.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(environment());
            pb.environment().putAll(extraEnv);
            Process process = pb.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + "; see " + log + "\n" + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + "; see " + log + "\n" + tail(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run the launcher " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * Gateway overhead: the same request sent straight to a service and through the gateway, open loop
 * at a fixed rate, latency measured from each request's scheduled start (so a stall is not hidden
 * by sending less). Starts everything it needs on free ports and stops it at the end:
 * a tiny backend in this JVM standing in for partner-service, and the packaged gateway
 * (gateway/target/quarkus-app/quarkus-run.jar) in its own JVM, trusting an OIDC key and an
 * internal-JWT key generated for the run. The request is an admin's GET /api/partners with an OIDC
 * bearer token, so the gateway does its full work: policy lookup, token verification, internal
 * JWT, header rewriting, streaming.
 *
 * Run with deploy/bench/gateway/run.sh (JDK 17+, no dependencies: java GatewayBench.java).
 * Options: --rate=200 --duration=30 --warmup=15 --rounds=1 --mode=interleaved|sequential --gateway-jar=PATH
 *          --gateway-xmx=256m --work=DIR --target-ms=2
 */
public class GatewayBench {

    static final String ISSUER = "https://bench.invalid/realms/partner-portal";
    static final String PATH = "/api/partners?page=0&size=20";

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        int rate = Integer.parseInt(opt.getOrDefault("rate", "200"));
        int duration = Integer.parseInt(opt.getOrDefault("duration", "30"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "15"));
        String mode = opt.getOrDefault("mode", "interleaved");
        double targetMs = Double.parseDouble(opt.getOrDefault("target-ms", "2"));
        Path jar = Path.of(opt.getOrDefault("gateway-jar", "gateway/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        Path work = Path.of(opt.getOrDefault("work", "deploy/bench/gateway/target/bench-run")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No gateway jar at " + jar + " (build it: ./mvnw -B -q -pl gateway package -DskipTests)");
        }
        Files.createDirectories(work);

        KeyPair internal = rsa();
        KeyPair oidc = rsa();
        Path internalKey = work.resolve("internal-jwt-private.pem");
        Files.writeString(internalKey, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(internal.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        HttpServer backend = backend();
        int backendPort = backend.getAddress().getPort();
        int gatewayPort = freePort();
        Process gateway = startGateway(jar, opt.getOrDefault("gateway-xmx", "256m"), work, gatewayPort, backendPort,
                internalKey, oidc);
        Thread stopGateway = new Thread(gateway::destroy);
        Runtime.getRuntime().addShutdownHook(stopGateway); // also on Ctrl-C
        try {
            awaitReady(gatewayPort, gateway);
            String token = oidcToken(oidc);
            URI direct = URI.create("http://127.0.0.1:" + backendPort + PATH);
            URI viaGateway = URI.create("http://127.0.0.1:" + gatewayPort + PATH);
            HttpClient directClient = client();
            HttpClient gatewayClient = client();
            check(directClient, direct, token);
            check(gatewayClient, viaGateway, token);

            System.out.printf(Locale.ROOT, "%nGateway overhead: GET %s as admin, %d req/s per target, %s, warm-up %d s, measured %d s%n",
                    PATH, rate, mode, warmup, duration);
            System.out.printf(Locale.ROOT, "JVM %s, %d CPUs; gateway %s (-Xmx%s), backend: JDK HttpServer in the bench JVM%n%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), jar.getFileName(),
                    opt.getOrDefault("gateway-xmx", "256m"));

            Target d = new Target("direct", directClient, direct, token);
            Target g = new Target("gateway", gatewayClient, viaGateway, token);
            if (mode.equals("sequential")) {
                run(List.of(d), rate, warmup, false);
                run(List.of(g), rate, warmup, false);
            } else {
                run(List.of(d, g), rate, warmup, false);
            }
            int rounds = Integer.parseInt(opt.getOrDefault("rounds", "1"));
            List<Double> overheads = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                if (mode.equals("sequential")) {
                    run(List.of(d), rate, duration, true);
                    run(List.of(g), rate, duration, true);
                } else {
                    run(List.of(d, g), rate, duration, true);
                }
                Stats sd = d.stats(duration);
                Stats sg = g.stats(duration);
                System.out.printf(Locale.ROOT, "%nround %d of %d (load average: %s)%n", round, rounds, loadAverage());
                System.out.println("target     sent     ok  errors  throughput    p50 ms    p90 ms    p99 ms  p99.9 ms    max ms");
                sd.print();
                sg.print();
                double overhead99 = sg.p99 - sd.p99;
                overheads.add(overhead99);
                System.out.printf(Locale.ROOT, "overhead (gateway - direct): p50 %+.3f ms, p99 %+.3f ms, max %+.3f ms%n",
                        sg.p50 - sd.p50, overhead99, sg.max - sd.max);
            }
            double best = overheads.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double median = overheads.stream().sorted().toList().get(overheads.size() / 2);
            System.out.printf(Locale.ROOT, "%np99 overhead over %d round(s): median %+.3f ms, best %+.3f ms; target at most %.1f ms -> %s%n",
                    rounds, median, best, targetMs, median <= targetMs ? "MET" : "MISSED");
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor();
            }
            backend.stop(0);
            ((java.util.concurrent.ExecutorService) backend.getExecutor()).shutdownNow();
        }
    }

    // ---- load ----

    static final class Target {
        final String name;
        final HttpClient client;
        final HttpRequest request;
        long[] latencies = new long[0];
        final AtomicInteger recorded = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicLong lastDone = new AtomicLong();
        volatile boolean measuring;

        Target(String name, HttpClient client, URI uri, String token) {
            this.name = name;
            this.client = client;
            this.request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).GET().build();
        }

        void reset(int capacity, boolean measure) {
            latencies = new long[capacity];
            recorded.set(0);
            sent.set(0);
            errors.set(0);
            measuring = measure;
        }

        CompletableFuture<?> fire(long intendedNanos) {
            sent.incrementAndGet();
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
                long now = System.nanoTime();
                lastDone.set(now);
                if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                    return;
                }
                int i = recorded.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = now - intendedNanos;
                }
            });
        }

        Stats stats(int seconds) {
            int n = Math.min(recorded.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            return new Stats(name, sent.get(), n, errors.get(), n / (double) seconds, pct(sorted, 50), pct(sorted, 90),
                    pct(sorted, 99), pct(sorted, 99.9), n == 0 ? 0 : sorted[n - 1] / 1e6);
        }
    }

    record Stats(String name, int sent, int ok, int errors, double throughput, double p50, double p90, double p99,
            double p999, double max) {
        void print() {
            System.out.printf(Locale.ROOT, "%-8s %6d %6d %7d %8.1f/s %9.3f %9.3f %9.3f %9.3f %9.3f%n", name, sent, ok,
                    errors, throughput, p50, p90, p99, p999, max);
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }

    /**
     * Open loop: request k of each target is due at start + k/rate (targets offset by a fraction of the
     * interval so they do not collide), sent then whatever the previous ones are doing, and timed from
     * when it was due.
     */
    static void run(List<Target> targets, int rate, int seconds, boolean measure) throws Exception {
        int total = rate * seconds;
        for (Target t : targets) {
            t.reset(total, measure);
        }
        long interval = 1_000_000_000L / rate;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon());
        List<CompletableFuture<?>> inflight = java.util.Collections.synchronizedList(new ArrayList<>(total * targets.size()));
        long start = System.nanoTime() + 50_000_000L;
        CompletableFuture<Void> finished = new CompletableFuture<>();
        List<ScheduledFuture<?>> schedules = new ArrayList<>();
        for (int ti = 0; ti < targets.size(); ti++) {
            Target t = targets.get(ti);
            long offset = interval * ti / targets.size();
            AtomicInteger k = new AtomicInteger();
            long first = start + offset;
            schedules.add(timer.scheduleAtFixedRate(() -> {
                // catch up if the timer thread was late: every due request is sent, timed from its due time
                long now = System.nanoTime();
                while (k.get() < total && first + k.get() * interval <= now) {
                    long due = first + k.getAndIncrement() * interval;
                    inflight.add(t.fire(due));
                }
                if (k.get() >= total) {
                    finished.complete(null);
                }
            }, Math.max(0, first - System.nanoTime()), interval, TimeUnit.NANOSECONDS));
        }
        // wait until every target has sent its share
        while (targets.stream().anyMatch(t -> t.sent.get() < total)) {
            Thread.sleep(50);
        }
        schedules.forEach(s -> s.cancel(false));
        timer.shutdown();
        CompletableFuture.allOf(inflight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        if (!measure) {
            for (Target t : targets) {
                System.out.printf(Locale.ROOT, "warm-up %-8s %d requests, %d errors%n", t.name, t.sent.get(), t.errors.get());
            }
        }
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, daemon())).build();
    }

    static void check(HttpClient client, URI uri, String token) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    // ---- the pieces it starts ----

    /** Stands in for partner-service: answers a page of partners, ~1 KB of JSON, at once. */
    static HttpServer backend() throws IOException {
        // like any real service (Vert.x sets TCP_NODELAY): without it the JDK server's separate header and
        // body writes meet the client's delayed ACK, and every answer waits ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"5e7d0000-0000-4000-8000-00000000000").append(i)
                    .append("\",\"name\":\"Partner ").append(i).append("\",\"stage\":\"negotiation\",\"tier\":\"gold\",")
                    .append("\"tags\":[\"bench\",\"demo\"],\"updatedAt\":\"2026-01-01T00:00:00Z\",\"version\":3}");
        }
        byte[] body = ("{\"items\":[" + items + "],\"page\":0,\"size\":20,\"total\":5}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4, daemon()));
        server.start();
        return server;
    }

    static Process startGateway(Path jar, String xmx, Path work, int port, int backendPort, Path internalKey,
            KeyPair oidc) throws IOException {
        int closed = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.oidc.auth-server-url=",
                "-Dquarkus.oidc.public-key=" + Base64.getEncoder().encodeToString(oidc.getPublic().getEncoded()),
                "-Dquarkus.oidc.token.issuer=" + ISSUER,
                "-Dpp.gateway.internal-jwt.private-key-location=" + internalKey,
                "-Dpp.gateway.links.proposal-public-key-location=" + work.resolve("none.pem"),
                "-Dpp.gateway.links.portal-hmac-key-file=" + work.resolve("none.key"),
                "-Dpp.gateway.services.partner-service=http://127.0.0.1:" + backendPort,
                "-Dpp.gateway.services.engagement-service=http://127.0.0.1:" + closed,
                "-Dpp.gateway.services.nda-service=http://127.0.0.1:" + closed,
                "-Dpp.gateway.services.notification-service=http://127.0.0.1:" + closed,
                "-Dpp.gateway.impersonation.admin-url=",
                // the bench's client talks to the gateway directly: no proxy in front of it
                "-Dpp.gateway.trusted-proxies=none",
                "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway.log").toFile());
        pb.environment().remove("KEYCLOAK_URL");
        System.out.println("gateway: 127.0.0.1:" + port + " (log " + work.resolve("gateway.log") + "), backend: 127.0.0.1:" + backendPort);
        return pb.start();
    }

    static void awaitReady(int port, Process gateway) throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("The gateway exited with " + gateway.exitValue() + "; see its log");
            }
            try {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The gateway did not become ready within 60 s");
    }

    /** An access token shaped like Keycloak's for an admin, RS256-signed with the run's OIDC key. */
    static String oidcToken(KeyPair oidc) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"partner-portal-gateway\",\"sub\":\"bench-admin\","
                + "\"preferred_username\":\"bench\",\"email\":\"bench@partnerportal.test\","
                + "\"realm_access\":{\"roles\":[\"admin\"]},\"iat\":" + now + ",\"exp\":" + (now + 7200) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(oidc.getPrivate());
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rs256.sign());
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (IOException e) {
            return "n/a";
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("options are --name=value: " + a);
            }
            opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return opt;
    }
}

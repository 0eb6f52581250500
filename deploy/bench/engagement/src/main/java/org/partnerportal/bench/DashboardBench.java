package org.partnerportal.bench;

import java.io.IOException;
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
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Loads partners × events with links and communications into engagement-service's database,
 * then times {@code GET /api/dashboard} and reports the service's heap (used after a full GC)
 * before the load and after the dashboard runs. By default it starts its own MongoDB-wire
 * server and its own engagement-service process, so that a running local stack is not touched.
 * Documents are written in the shape the service writes them (see its domain package).
 */
public final class DashboardBench {

    private static final String[] STATUSES = { "prospect", "contacted", "pitched", "negotiating", "committed", "paid",
            "declined", "waiting_on_legal" };
    private static final String[] LABELS = { "Prospect", "Contacted", "Pitched", "Negotiating", "Committed", "Paid",
            "Declined", "Waiting on Legal" };

    private final Map<String, String> opts;

    private DashboardBench(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("Options are --name=value, got " + a);
            }
            opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        new DashboardBench(opts).run();
    }

    private String opt(String name, String dflt) {
        return opts.getOrDefault(name, dflt);
    }

    private int intOpt(String name, int dflt) {
        return Integer.parseInt(opt(name, Integer.toString(dflt)));
    }

    private void run() throws Exception {
        int partners = intOpt("partners", 10_000);
        int events = intOpt("events", 50);
        int linksPerPartner = Math.min(events, intOpt("links-per-partner", events));
        int commsPerPartner = intOpt("comms-per-partner", 5);
        int runs = intOpt("runs", 5);
        String backend = opt("backend", "memory");
        String database = opt("database", "engagement-bench");
        Path work = Path.of(opt("work", "target/bench-run")).toAbsolutePath();
        Files.createDirectories(work);

        MongoServer server = null;
        String mongoUri = opts.get("mongo-uri");
        if (mongoUri == null) {
            MongoBackend b = "h2".equals(backend) ? new H2Backend(work.resolve("bench.mv").toString()) : new MemoryBackend();
            server = new MongoServer(b);
            int mongoPort = freePort();
            server.bind("127.0.0.1", mongoPort);
            mongoUri = "mongodb://127.0.0.1:" + mongoPort;
            System.out.printf("MongoDB-wire server (%s backend) at %s%n", backend, mongoUri);
        }

        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path publicKey = work.resolve("internal-jwt-public.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        Service service = null;
        String baseUrl = opts.get("service-url");
        long pid;
        if (baseUrl == null) {
            service = startService(mongoUri, database, publicKey, work, "engagement-service.log");
            baseUrl = service.baseUrl();
            pid = service.process().pid();
        } else {
            pid = Long.parseLong(opts.getOrDefault("pid", "0"));
            System.out.println("Using the running service at " + baseUrl
                    + " (its internal-JWT public key must be " + publicKey + ", or pass --jwt; restart it after the"
                    + " load so that it builds the rollups of the loaded events)");
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            waitUp(http, baseUrl);
            String token = opts.getOrDefault("jwt", jwt(keys.getPrivate()));
            long heapBefore = heapUsedAfterGc(pid);

            try (MongoClient client = MongoClients.create(mongoUri)) {
                MongoDatabase db = client.getDatabase(database);
                long t0 = System.nanoTime();
                long[] counts = load(db, partners, events, linksPerPartner, commsPerPartner);
                System.out.printf("Loaded %,d partners, %,d events, %,d links, %,d communications in %.1f s%n",
                        counts[0], counts[1], counts[2], counts[3], (System.nanoTime() - t0) / 1e9);

                // the store alone, for comparison: one pass that groups every link
                long s0 = System.nanoTime();
                db.getCollection("links").aggregate(List.of(new Document("$match", new Document("removed", false)),
                        new Document("$group", new Document("_id", "$status").append("n", new Document("$sum", 1)))))
                        .into(new ArrayList<>());
                System.out.printf("Store alone: one $group over the links: %d ms%n", (System.nanoTime() - s0) / 1_000_000);
                timeStoreQueries(db);
            }

            if (service != null) {
                // The links went straight into the database, past the service's rollup: a restart
                // builds the missing event rollups from the links before the service reports ready.
                service.stop();
                long r0 = System.nanoTime();
                service = startService(mongoUri, database, publicKey, work, "engagement-service-2.log");
                baseUrl = service.baseUrl();
                pid = service.process().pid();
                waitRollupReady(http, baseUrl);
                System.out.printf("Restarted the service (pid %d); start-up and rollup build from the links: %.1f s%n",
                        pid, (System.nanoTime() - r0) / 1e9);
            }

            long[] times = new long[runs];
            String body = null;
            dashboard(http, baseUrl, token); // warm-up
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                body = dashboard(http, baseUrl, token);
                times[i] = (System.nanoTime() - s) / 1_000_000;
            }
            long heapAfter = heapUsedAfterGc(pid);
            Arrays.sort(times);
            System.out.printf("GET /api/dashboard over %d runs: min %d ms, median %d ms, max %d ms (%d bytes)%n", runs,
                    times[0], times[runs / 2], times[runs - 1], body.length());
            System.out.println("Dashboard totals: " + extract(body, "\"totals\":\\{[^}]*\\}") + " "
                    + extract(body, "\"followUps\":\\{\"overdue\":\\d+,\"dueToday\":\\d+,\"dueThisWeek\":\\d+"));
            if (heapBefore >= 0) {
                System.out.printf("Service heap used after a full GC: before load %.1f MB, after load + dashboards %.1f MB%n",
                        heapBefore / 1024.0, heapAfter / 1024.0);
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            if (server != null) {
                server.shutdownNow();
            }
        }
    }

    private record Service(Process process, String baseUrl) {
        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    /** The packaged engagement-service on a free port, against the bench's database, without a broker. */
    private Service startService(String mongoUri, String database, Path publicKey, Path work, String logName)
            throws IOException {
        int port = freePort();
        String baseUrl = "http://127.0.0.1:" + port;
        Path jar = Path.of(opt("service-jar", "../../../engagement-service/target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No service jar at " + jar + ": build engagement-service first");
        }
        Path log = work.resolve(logName);
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx" + opt("service-xmx", "256m"), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("MONGODB_URI", mongoUri);
        env.put("MONGODB_DATABASE", database);
        // no broker: the dashboard needs none, and the bench loads the database directly
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + freePort());
        env.put("PP_OUTBOX_ENABLED", "false");
        env.put("PP_INTERNAL_JWT_PUBLIC_KEY_LOCATION", publicKey.toString());
        env.put("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL", "ERROR");
        Process process = pb.start();
        System.out.printf("engagement-service pid %d at %s (-Xmx%s), log %s%n", process.pid(), baseUrl,
                opt("service-xmx", "256m"), log);
        return new Service(process, baseUrl);
    }

    /**
     * Waits for the service's {@code dashboard-rollup} readiness check (the whole readiness stays
     * down here: there is no Kafka broker).
     */
    private static void waitRollupReady(HttpClient http, String baseUrl) throws InterruptedException {
        Pattern up = Pattern.compile("\"name\"\\s*:\\s*\"dashboard-rollup\"\\s*,\\s*\"status\"\\s*:\\s*\"UP\"");
        Instant deadline = Instant.now().plusSeconds(600);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).GET()
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (up.matcher(r.body()).find()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The dashboard rollup of " + baseUrl + " was not ready within 600 s");
    }

    /** What the dashboard's store queries cost on their own, for comparison with the HTTP figure. */
    private static void timeStoreQueries(MongoDatabase db) {
        String weekEnd = LocalDate.now(ZoneId.of("Asia/Muscat")).with(java.time.temporal.TemporalAdjusters
                .nextOrSame(java.time.DayOfWeek.SUNDAY)).toString();
        long s0 = System.nanoTime();
        db.getCollection("links").find(new Document("removed", false)
                .append("status", new Document("$nin", List.of("paid", "declined")))
                .append("followUpDate", new Document("$gt", "").append("$lte", weekEnd))
                .append("eventId", new Document("$nin", List.of())))
                .sort(new Document("followUpDate", 1).append("_id", 1)).limit(20)
                .projection(new Document("partnerId", 1).append("eventId", 1).append("eventName", 1)
                        .append("status", 1).append("followUpDate", 1))
                .into(new ArrayList<>());
        System.out.printf("Store alone: the next 20 follow-ups (find, sort, limit): %d ms%n", (System.nanoTime() - s0) / 1_000_000);
        long p0 = System.nanoTime();
        db.getCollection("partners").aggregate(List.of(
                new Document("$match", new Document("deleted", new Document("$ne", true))),
                new Document("$group", new Document("_id", "$archived").append("n", new Document("$sum", 1)))))
                .into(new ArrayList<>());
        System.out.printf("Store alone: partners active/archived ($group over the partners): %d ms%n",
                (System.nanoTime() - p0) / 1_000_000);
    }

    private static long[] load(MongoDatabase db, int partners, int events, int linksPerPartner, int commsPerPartner) {
        for (String c : List.of("partners", "events", "links", "timeline", "actions", "event_rollups")) {
            db.getCollection(c).drop();
        }
        Date now = new Date();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Muscat"));
        List<Document> eventDocs = new ArrayList<>();
        for (int e = 0; e < events; e++) {
            eventDocs.add(new Document("_id", eventId(e)).append("name", "Bench Event " + e).append("year", 2025)
                    .append("startDate", "2025-10-01").append("endDate", "2025-10-02")
                    .append("sponsorshipGoalCents", 50_000_000L).append("tierConfigs", List.of())
                    .append("archived", false).append("createdAt", now).append("updatedAt", now).append("version", 0L));
        }
        db.getCollection("events").insertMany(eventDocs);

        Batch partnerBatch = new Batch(db.getCollection("partners"));
        Batch linkBatch = new Batch(db.getCollection("links"));
        Batch commBatch = new Batch(db.getCollection("timeline"));
        for (int p = 0; p < partners; p++) {
            String pid = String.format("bench-p-%06d", p);
            partnerBatch.add(new Document("_id", pid).append("name", "Partner " + p).append("archived", p % 10 == 0)
                    .append("deleted", false).append("at", now));
            for (int j = 0; j < linksPerPartner; j++) {
                int e = (p + j) % events;
                int s = (p * 7 + j) % STATUSES.length;
                int k = (p * 13 + j * 7) % 60;
                String followUp = k < 40 ? today.plusDays(k - 20).toString() : null;
                linkBatch.add(new Document("_id", pid + "::" + eventId(e)).append("partnerId", pid)
                        .append("eventId", eventId(e)).append("eventName", "Bench Event " + e).append("eventYear", 2025)
                        .append("eventIdYear", eventId(e) + "#2025").append("status", STATUSES[s])
                        .append("statusLabel", LABELS[s]).append("packageTier", "gold").append("packageTierLabel", "Gold")
                        .append("role", "Sponsor").append("amountCents", (long) ((p * 31 + j * 17) % 50 + 1) * 10_000L)
                        .append("followUpDate", followUp).append("notes", null).append("removed", false)
                        .append("createdAt", now).append("updatedAt", now).append("version", 0L)
                        .append("outbox", List.of()));
            }
            for (int c = 0; c < commsPerPartner; c++) {
                commBatch.add(new Document("_id", pid + "-comm-" + c).append("partnerId", pid).append("kind", "communication")
                        .append("title", "Call " + c).append("occurredAt", now).append("recordedAt", now)
                        .append("communication", new Document("subject", "Call " + c).append("channel", "phone")
                                .append("direction", "outbound").append("origin", "manual"))
                        .append("outbox", List.of()));
            }
        }
        return new long[] { partnerBatch.flush(), events, linkBatch.flush(), commBatch.flush() };
    }

    private static String eventId(int e) {
        return String.format("bench-e-%02d", e);
    }

    /** Unordered insertMany in chunks, so the bench's own memory stays flat too. */
    private static final class Batch {
        private final MongoCollection<Document> coll;
        private final List<Document> pending = new ArrayList<>();
        private long written;

        Batch(MongoCollection<Document> coll) {
            this.coll = coll;
        }

        void add(Document d) {
            pending.add(d);
            if (pending.size() == 5_000) {
                flush();
            }
        }

        long flush() {
            if (!pending.isEmpty()) {
                coll.insertMany(pending, new InsertManyOptions().ordered(false));
                written += pending.size();
                pending.clear();
            }
            return written;
        }
    }

    private static String dashboard(HttpClient http, String baseUrl, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/dashboard"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /api/dashboard answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static void waitUp(HttpClient http, String baseUrl) throws InterruptedException {
        // generous: on a shared, overloaded machine the JVM alone took over 90 s to start
        Instant deadline = Instant.now().plusSeconds(300);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/live")).GET()
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("engagement-service did not come up at " + baseUrl + " within 300 s");
    }

    /** Heap used after a full GC, in KB, read with jcmd; -1 when there is no pid to ask. */
    private static long heapUsedAfterGc(long pid) throws IOException, InterruptedException {
        if (pid <= 0) {
            return -1;
        }
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("Unexpected GC.heap_info output: " + info);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** The internal JWT that the gateway would send for an admin, signed with the bench's own key. */
    private static String jwt(PrivateKey key) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"internal-1\"}";
        String payload = "{\"iss\":\"partner-portal-gateway\",\"aud\":\"engagement-service\",\"sub\":\"bench-admin\","
                + "\"groups\":[\"admin\"],\"auth\":\"oidc\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(key);
        sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(sig.sign());
    }

    private static String extract(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        return m.find() ? m.group() : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

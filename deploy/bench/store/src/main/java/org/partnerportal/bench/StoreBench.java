package org.partnerportal.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;

/**
 * The local stack's MongoDB-wire server on its own, per backend: {@code h2} (the former store,
 * H2 saved before each reply) and {@code journal} (in memory, indexes used, journal + snapshot).
 * For each: a fresh server in its own JVM (deploy/local's MongoWireServer, as the stack starts
 * it), partner-service's indexes, {@code --partners} partner-shaped documents (~900 bytes), then
 * two phases of open-model load, each request due at start + k/rate and timed from then:
 * <ul>
 * <li>find by {@code _id} at {@code --find-rate};</li>
 * <li>a directory page at {@code --page-rate}: 20 partners of {@code {archived: false, deletedAt:
 * null}} sorted by tier, name, {@code _id}, plus the total ({@code countDocuments}) — what one
 * {@code GET /api/partners} asks the store; by {@code skip} in the first phase, after a keyset
 * cursor in the second;</li>
 * <li>a version-guarded write at {@code --write-rate}: {@code findOneAndUpdate({_id, version},
 * {$set, $inc: {version}})}, partner-service's compare-and-set.</li>
 * </ul>
 * Then the files' size, a {@code kill -9} and the time until the restarted server answers (the
 * journal's replay).
 */
public final class StoreBench {

    private static final String[] TIERS = { "platinum", "gold", "silver", "bronze", "community" };
    private static final String[] STAGES = { "draft", "contacted", "meeting_scheduled", "proposal_sent", "active" };
    private static final Document BY_TIER = new Document("tierRank", 1).append("nameKey", 1).append("_id", 1);
    private static final Document LIVE = new Document("archived", false).append("deletedAt", null);

    private final Path repo;
    private final Path work;
    private final int partners;
    private final int seconds;
    private final int warmup;
    private final double findRate;
    private final double pageRate;
    private final double writeRate;
    private final List<String> report = new ArrayList<>();

    private StoreBench(Map<String, String> options) {
        this.repo = Path.of(options.getOrDefault("repo", "../../..")).toAbsolutePath().normalize();
        this.work = Path.of(options.getOrDefault("work", "target/bench-run")).toAbsolutePath();
        this.partners = Integer.parseInt(options.getOrDefault("partners", "10000"));
        this.seconds = Integer.parseInt(options.getOrDefault("duration", "20"));
        this.warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        this.findRate = Double.parseDouble(options.getOrDefault("find-rate", "50"));
        this.pageRate = Double.parseDouble(options.getOrDefault("page-rate", "100"));
        this.writeRate = Double.parseDouble(options.getOrDefault("write-rate", "20"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        StoreBench bench = new StoreBench(options);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load " + load()
                + ", " + System.getProperty("java.version"));
        for (String backend : options.getOrDefault("backends", "h2,journal").split(",")) {
            bench.run(backend.trim());
        }
        System.out.println();
        System.out.println("| backend | measure | value |");
        System.out.println("| --- | --- | --- |");
        bench.report.forEach(System.out::println);
        System.out.println("machine load after: " + load());
    }

    private void row(String backend, String measure, String value) {
        String line = "| " + backend + " | " + measure + " | " + value + " |";
        report.add(line);
        System.out.println(line);
    }

    private void run(String backend) throws Exception {
        Path dir = work.resolve(backend);
        deleteTree(dir);
        Files.createDirectories(dir);
        int port = freePort();
        row(backend, "machine load before", load());
        Server server = Server.start(repo, dir, port, backend);
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port
                        + "/?maxPoolSize=200&socketTimeoutMS=30000&maxIdleTimeMS=0"))
                .applyToConnectionPoolSettings(p -> p.maxWaitTime(30, TimeUnit.SECONDS))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoCollection<Document> coll = client.getDatabase("partner-service").getCollection("partners");
            ensureIndexes(coll);
            List<Document> docs = generate();
            long t0 = System.nanoTime();
            for (int i = 0; i < docs.size(); i += 500) {
                coll.insertMany(docs.subList(i, Math.min(docs.size(), i + 500)));
            }
            row(backend, "load " + partners + " partners (~" + avgSize(docs) + " bytes each)",
                    ms(System.nanoTime() - t0) + " ms");
            List<Document> live = docs.stream().filter(d -> !d.getBoolean("archived"))
                    .sorted(Comparator.<Document>comparingInt(d -> d.getInteger("tierRank"))
                            .thenComparing(d -> d.getString("nameKey")).thenComparing(d -> d.getString("_id")))
                    .toList();
            Map<String, Long> versions = new ConcurrentHashMap<>();
            docs.forEach(d -> versions.put(d.getString("_id"), 1L));
            List<String> ids = new ArrayList<>(versions.keySet());

            LongPredicate find = k -> coll.find(new Document("_id", ids.get(rnd(k, 1).nextInt(ids.size())))).first() != null;
            LongPredicate skipPage = k -> {
                int pages = Math.max(1, live.size() / 20);
                int page = rnd(k, 2).nextInt(pages);
                List<Document> items = coll.find(LIVE).sort(BY_TIER).skip(page * 20).limit(20).into(new ArrayList<>());
                return !items.isEmpty() && coll.countDocuments(LIVE) == live.size();
            };
            LongPredicate keysetPage = k -> {
                Document at = live.get(rnd(k, 3).nextInt(live.size() - 20));
                Bson filter = new Document("$and", List.of(LIVE, after(at)));
                List<Document> items = coll.find(filter).sort(BY_TIER).limit(20).into(new ArrayList<>());
                return items.size() == 20 && coll.countDocuments(LIVE) == live.size();
            };
            LongPredicate write = k -> {
                String id = ids.get(rnd(k, 4).nextInt(ids.size()));
                long version = versions.get(id);
                Document after = coll.findOneAndUpdate(new Document("_id", id).append("version", version),
                        new Document("$set", new Document("updatedAt", new Date()).append("notes", "bench " + k))
                                .append("$inc", new Document("version", 1L)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                if (after != null) {
                    versions.merge(id, after.getLong("version"), Math::max);
                }
                return true;
            };

            // the costs first, on an idle server (a collapsed phase leaves a backlog that would count)
            cost(backend, server, "find by _id", find);
            cost(backend, server, "page of 20 + total, skip", skipPage);
            cost(backend, server, "page of 20 + total, keyset", keysetPage);
            cost(backend, server, "findOneAndUpdate {_id, version}", write);
            phase(backend, "warm-up", List.of(new Target("find", findRate, find), new Target("page", pageRate, skipPage),
                    new Target("write", writeRate, write)), warmup, false);
            long cpuBefore = server.cpuMillis();
            phase(backend, "skip pages", List.of(new Target("find by _id", findRate, find),
                    new Target("page of 20 + total, skip", pageRate, skipPage),
                    new Target("findOneAndUpdate {_id, version}", writeRate, write)), seconds, true);
            phase(backend, "keyset pages", List.of(new Target("find by _id", findRate, find),
                    new Target("page of 20 + total, keyset", pageRate, keysetPage),
                    new Target("findOneAndUpdate {_id, version}", writeRate, write)), seconds, true);
            row(backend, "server CPU during the two phases, per second of offered load",
                    String.format(Locale.ROOT, "%.2f core-s/s", (server.cpuMillis() - cpuBefore) / 1000.0 / (2.0 * seconds)));
            row(backend, "files on disk", String.format(Locale.ROOT, "%.1f MB", bytes(dir) / 1e6));
        }
        server.kill();
        Server again = Server.start(repo, dir, port, backend);
        row(backend, "restart after kill -9: launch to ready", again.readyMillis + " ms (server CPU " + again.cpuMillis()
                + " ms)");
        row(backend, "restart: server's own line", again.readyLine.replaceAll("\\|", "/"));
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            long n = client.getDatabase("partner-service").getCollection("partners").countDocuments();
            row(backend, "partners after restart", String.valueOf(n));
        }
        again.kill();
        row(backend, "machine load after", load());
    }

    /**
     * The server's CPU time per call of one shape, calls one after the other: what a query costs
     * the store whatever else the machine runs (the open-loop phases show the machine as well).
     */
    private void cost(String backend, Server server, String shape, LongPredicate call) {
        for (int i = 0; i < 20; i++) {
            call.test(2_000_000L + i);
        }
        long cpu0 = server.cpuMillis();
        long wall0 = System.nanoTime();
        int calls = 0;
        while (calls < 5000 && (server.cpuMillis() - cpu0 < 2000 || calls < 20)
                && System.nanoTime() - wall0 < TimeUnit.SECONDS.toNanos(90)) {
            call.test(1_000_000L + calls);
            calls++;
        }
        row(backend, "server CPU per call, " + shape, String.format(Locale.ROOT, "%.3f ms (%d calls)",
                (server.cpuMillis() - cpu0) / (double) calls, calls));
    }

    /** The keyset condition "after this partner" in tier, name, _id order. */
    private static Bson after(Document at) {
        Object tier = at.get("tierRank");
        Object name = at.get("nameKey");
        Object id = at.get("_id");
        return new Document("$or", List.of(
                new Document("tierRank", new Document("$gt", tier)),
                new Document("tierRank", tier).append("nameKey", new Document("$gt", name)),
                new Document("tierRank", tier).append("nameKey", name).append("_id", new Document("$gt", id))));
    }

    private record Target(String name, double rate, LongPredicate send) {
    }

    /** Runs the targets together, each at its own fixed rate, open model; prints and reports p50/p99 per target. */
    private void phase(String backend, String phase, List<Target> targets, int secs, boolean report)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(200);
        List<Histogram> histograms = new ArrayList<>();
        List<AtomicLong> errors = new ArrayList<>();
        List<Thread> schedulers = new ArrayList<>();
        AtomicLong outstanding = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (Target target : targets) {
            Histogram h = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
            AtomicLong err = new AtomicLong();
            histograms.add(h);
            errors.add(err);
            long count = (long) (target.rate() * secs);
            long interval = (long) (1e9 / target.rate());
            Thread t = new Thread(() -> {
                for (long k = 0; k < count; k++) {
                    long due = start + k * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long seq = k;
                    outstanding.incrementAndGet();
                    pool.execute(() -> {
                        try {
                            if (target.send().test(seq)) {
                                h.recordValue(Math.min((System.nanoTime() - due) / 1000, h.getHighestTrackableValue()));
                            } else {
                                err.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            err.incrementAndGet();
                        } finally {
                            outstanding.decrementAndGet();
                        }
                    });
                }
            }, "schedule-" + target.name());
            schedulers.add(t);
            t.start();
        }
        for (Thread t : schedulers) {
            t.join();
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(20);
        }
        pool.shutdownNow();
        if (!report) {
            return;
        }
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            Histogram h = histograms.get(i);
            long sent = (long) (t.rate() * secs);
            long unanswered = sent - h.getTotalCount() - errors.get(i).get();
            String value = h.getTotalCount() == 0 ? "no answer"
                    : String.format(Locale.ROOT, "%.2f / %.2f ms", h.getValueAtPercentile(50) / 1000.0,
                            h.getValueAtPercentile(99) / 1000.0);
            long failed = errors.get(i).get() + unanswered;
            if (failed > 0) {
                value += " (" + failed + " of " + sent + " failed or unanswered in 30 s)";
            }
            row(backend, phase + ": " + t.name() + " at " + (int) t.rate() + "/s, p50 / p99", value);
        }
    }

    private static Random rnd(long k, int salt) {
        return new Random(k * 31 + salt);
    }

    private List<Document> generate() {
        Random r = new Random(42);
        List<Document> docs = new ArrayList<>(partners);
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < partners; i++) {
            int tier = r.nextInt(TIERS.length);
            String name = "Bench " + String.format("%06d", i) + " " + Long.toString(r.nextLong() & 0xffffffL, 36);
            Date created = Date.from(base.plusSeconds(r.nextInt(30 * 86_400)));
            docs.add(new Document("_id", UUID.nameUUIDFromBytes(("p" + i).getBytes(StandardCharsets.UTF_8)).toString())
                    .append("name", name).append("nameKey", name.toLowerCase(Locale.ROOT))
                    .append("description", "A partner made by the store bench to look like what partner-service writes.")
                    .append("logo", "https://example.com/logo/" + i + ".png").append("website", "https://partner" + i + ".example.com")
                    .append("industry", "Software").append("industryKey", "software")
                    .append("tier", TIERS[tier]).append("tierRank", tier + 1).append("tierLabel", TIERS[tier].toUpperCase(Locale.ROOT))
                    .append("tierColor", "#a0a0a0").append("stage", STAGES[r.nextInt(STAGES.length)]).append("stageChangedAt", created)
                    .append("companyInfo", new Document("size", "51-200").append("country", "Oman").append("city", "Muscat")
                            .append("foundedYear", 2000 + r.nextInt(25)))
                    .append("contacts", List.of(new Document("name", "Primary Person " + i)
                            .append("email", "primary" + i + "@partner" + i + ".example.com").append("role", "Partnership lead")
                            .append("isPrimary", true).append("phone", "+968 9000 " + String.format("%04d", i % 10_000))))
                    .append("engagement", new Document("eventsParticipated", List.of()).append("prizesOffered", List.of())
                            .append("totalContribution", "0").append("engagementLevel", "low"))
                    .append("social", new Document("linkedin", "https://linkedin.com/company/partner" + i))
                    .append("tags", List.of("bench", "tag-" + (i % 17))).append("alumni", false)
                    .append("notes", "Bench partner " + i).append("proposalViews", 0).append("archived", r.nextInt(20) == 0)
                    .append("demo", false).append("hasHistory", false).append("createdAt", created).append("updatedAt", created)
                    .append("version", 1L).append("outbox", List.of()));
        }
        return docs;
    }

    private static int avgSize(List<Document> docs) {
        long total = 0;
        for (int i = 0; i < Math.min(100, docs.size()); i++) {
            total += docs.get(i).toJson().length();
        }
        return (int) (total / Math.min(100, docs.size()));
    }

    /** partner-service's PartnerRepository.ensureIndexes. */
    private static void ensureIndexes(MongoCollection<Document> c) {
        c.createIndex(Indexes.ascending("nameKey"), new IndexOptions().unique(true).name("name_unique_ci"));
        c.createIndex(Indexes.ascending("tier", "stage"), new IndexOptions().name("tier_stage"));
        c.createIndex(Indexes.ascending("industryKey"), new IndexOptions().name("industry"));
        c.createIndex(Indexes.ascending("stage"), new IndexOptions().name("stage"));
        c.createIndex(Indexes.ascending("engagement.engagementLevel"), new IndexOptions().name("engagement_level"));
        c.createIndex(Indexes.ascending("contacts.email"), new IndexOptions().name("contact_email"));
        c.createIndex(Indexes.ascending("tags"), new IndexOptions().name("tags"));
        c.createIndex(Indexes.ascending("archived", "tierRank", "nameKey"), new IndexOptions().name("list_by_tier"));
        c.createIndex(Indexes.ascending("archived", "deletedAt", "tierRank", "nameKey", "_id"),
                new IndexOptions().name("directory_tier"));
        c.createIndex(Indexes.ascending("archived", "deletedAt", "nameKey", "_id"), new IndexOptions().name("directory_name"));
        c.createIndex(Indexes.compoundIndex(Indexes.ascending("archived", "deletedAt"), Indexes.descending("updatedAt"),
                Indexes.ascending("nameKey", "_id")), new IndexOptions().name("directory_updated"));
        c.createIndex(Indexes.compoundIndex(Indexes.ascending("archived", "deletedAt"),
                Indexes.descending("engagement.lastEngagementDate"), Indexes.ascending("tierRank", "nameKey", "_id")),
                new IndexOptions().name("directory_engagement"));
    }

    /** The wire server in its own JVM, as deploy/local/lib.sh starts it. */
    private static final class Server {
        final Process process;
        final long readyMillis;
        final String readyLine;

        private Server(Process process, long readyMillis, String readyLine) {
            this.process = process;
            this.readyMillis = readyMillis;
            this.readyLine = readyLine;
        }

        static Server start(Path repo, Path dir, int port, String backend) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m",
                    "-Dlog4j2.configurationFile=" + repo.resolve("deploy/local/log4j2.properties"),
                    "-cp", repo.resolve("deploy/local/target/mongo-lib") + "/*", "org.partnerportal.local.MongoWireServer",
                    dir.resolve("mongo.mv").toString(), String.valueOf(port), "127.0.0.1").redirectErrorStream(true);
            pb.environment().put("PP_MONGO_BACKEND", backend);
            long t0 = System.nanoTime();
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("MongoDB wire server on")) {
                    long ready = (System.nanoTime() - t0) / 1_000_000;
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(p, ready, line);
                }
            }
            throw new IllegalStateException("the wire server ended before it was ready");
        }

        /** User + system CPU time of the server process so far (from /proc, in clock ticks of 10 ms). */
        long cpuMillis() {
            try {
                String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
            } catch (IOException e) {
                return -1;
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

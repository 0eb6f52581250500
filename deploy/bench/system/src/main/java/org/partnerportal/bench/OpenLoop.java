package org.partnerportal.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Fixed-rate, open-model load: request k is due at {@code start + k / rate} whatever happened to
 * the ones before, and its latency is measured from when it was <em>due</em>, not from when it was
 * sent — so a stall of the system under test (or of this generator) shows in the figures instead
 * of quietly lowering the rate (coordinated omission). Several targets share one schedule, taking
 * turns, so they see the same machine at the same moments.
 */
final class OpenLoop {

    /** One kind of request; {@code send} gets the request's sequence number and completes with success. */
    record Target(String name, LongFunction<CompletableFuture<Boolean>> send) {
    }

    /** What one target saw. Latencies in microseconds; {@code slowest}: when the slowest requests were due, and how long they took. */
    record Result(String name, double offeredRate, double seconds, long sent, long ok, long errors, Histogram latency,
            List<Slow> slowest) {

        double ms(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMs() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
        }

        double throughput() {
            return ok / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-26s offered %6.0f/s  ok %6d  errors %4d  %7.1f/s  p50 %7.2f  p99 %8.2f  max %8.2f ms",
                    name, offeredRate, ok, errors, throughput(), ms(50), ms(99), maxMs())
                    + (slowest.isEmpty() ? "" : "\n      slowest, due at (UTC) and ms: " + String.join(", ",
                            slowest.stream().map(Slow::toString).toList()));
        }
    }

    /** One slow request: when it was due (wall clock) and its latency in microseconds. */
    record Slow(Instant due, long micros) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.0f", TIME.format(due), micros / 1000.0);
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    /** How many of the slowest requests each result names, to line them up with the components' logs. */
    private static final int SLOWEST = 5;

    private OpenLoop() {
    }

    /**
     * Runs the targets together at {@code ratePerTarget} each for {@code duration}; waits at most
     * {@code drain} for the last answers (what has not answered by then counts as an error).
     */
    static List<Result> run(List<Target> targets, double ratePerTarget, Duration duration, Duration drain) {
        int n = targets.size();
        double totalRate = ratePerTarget * n;
        long intervalNanos = (long) (1_000_000_000L / totalRate);
        long count = (long) (totalRate * duration.toNanos() / 1e9);
        List<Histogram> histograms = new ArrayList<>();
        List<AtomicLong> oks = new ArrayList<>();
        List<AtomicLong> errors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            histograms.add(new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(2), 3));
            oks.add(new AtomicLong());
            errors.add(new AtomicLong());
        }
        List<PriorityQueue<Slow>> slow = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slow.add(new PriorityQueue<>(Comparator.comparingLong(Slow::micros)));
        }
        AtomicLong outstanding = new AtomicLong();
        long start = System.nanoTime();
        Instant wallStart = Instant.now();
        for (long k = 0; k < count; k++) {
            long due = start + k * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int t = (int) (k % n);
            outstanding.incrementAndGet();
            CompletableFuture<Boolean> f;
            try {
                f = targets.get(t).send().apply(k / n);
            } catch (RuntimeException e) {
                f = CompletableFuture.completedFuture(false);
            }
            f.whenComplete((ok, failure) -> {
                long micros = (System.nanoTime() - due) / 1000;
                if (failure == null && Boolean.TRUE.equals(ok)) {
                    histograms.get(t).recordValue(Math.min(micros, histograms.get(t).getHighestTrackableValue()));
                    oks.get(t).incrementAndGet();
                    PriorityQueue<Slow> q = slow.get(t);
                    synchronized (q) {
                        q.add(new Slow(wallStart.plusNanos(due - start), micros));
                        if (q.size() > SLOWEST) {
                            q.poll();
                        }
                    }
                } else {
                    errors.get(t).incrementAndGet();
                }
                outstanding.decrementAndGet();
            });
        }
        long drainUntil = System.nanoTime() + drain.toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        double seconds = duration.toNanos() / 1e9;
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long sent = count / n + (i < count % n ? 1 : 0);
            long ok = oks.get(i).get();
            List<Slow> worst;
            synchronized (slow.get(i)) {
                worst = slow.get(i).stream().sorted(Comparator.comparing(Slow::due)).toList();
            }
            results.add(new Result(targets.get(i).name(), ratePerTarget, seconds, sent, ok, sent - ok,
                    histograms.get(i).copy(), worst));
        }
        return results;
    }
}

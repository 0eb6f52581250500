package org.partnerportal.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The highest resident memory of each service while the load runs, sampled twice a second. */
final class RssSampler {

    private final BenchStack stack;
    private final Map<String, Double> max = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    RssSampler(BenchStack stack) {
        this.stack = stack;
    }

    void start() {
        max.clear();
        timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> BenchStack.SERVICES.forEach(s -> {
            double mb = stack.rssMb(s);
            if (!Double.isNaN(mb)) {
                max.merge(s, mb, Math::max);
            }
        }), 0, 500, TimeUnit.MILLISECONDS);
    }

    Map<String, Double> stop() {
        timer.shutdownNow();
        return new TreeMap<>(max);
    }
}

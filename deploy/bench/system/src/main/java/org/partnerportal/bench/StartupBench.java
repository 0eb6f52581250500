package org.partnerportal.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Start-up and idle memory only ({@code --startup-only}), with and without AppCDS side by side, in a
 * few minutes instead of the whole bench: each service is started {@code --startup-runs} times (3) in
 * each mode of the launcher's {@code PP_CDS} ({@code --startup-modes=0,1,record}) — {@code 0} (no
 * archive), {@code 1} (the archive made by an earlier run) and {@code record} (a first start that
 * records a new archive, saved when it stops) — the modes taking turns so that they see the same
 * machine. Per start: the time from the
 * launch to the first {@code 200} of {@code /q/health/ready} ({@link BenchStack#readySeconds}), the
 * RSS after 5 s idle, and the time the following {@code deploy/local/stop} took (a recording run
 * writes its archive as it exits). The rest of the stack idles meanwhile: each start waits for a
 * quiet machine first ({@link Machine#awaitQuiet}).
 */
final class StartupBench {

    /** The launcher's PP_CDS value for each column, in the order the columns are printed. */
    private static final Map<String, String> MODES = modes();

    private static Map<String, String> modes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("without AppCDS (PP_CDS=0)", "0");
        m.put("with AppCDS (PP_CDS=1)", "1");
        m.put("first start, recording (PP_CDS=record)", "record");
        return m;
    }

    private final BenchStack stack;
    private final int runs;
    private final List<String> services;
    private final Map<String, String> modes = new LinkedHashMap<>();

    /** {@code modes}: the PP_CDS values to measure, e.g. {@code [0, 1]}; all three by default. */
    StartupBench(BenchStack stack, int runs, List<String> services, List<String> modes) {
        this.stack = stack;
        this.runs = runs;
        this.services = services;
        MODES.forEach((column, value) -> {
            if (modes.contains(value)) {
                this.modes.put(column, value);
            }
        });
    }

    void run(Report report) {
        modes.keySet().forEach(report::column);
        // per figure, per service, per column: the runs' values
        Map<String, Map<String, Map<String, List<Double>>>> figures = new LinkedHashMap<>();
        for (String service : services) {
            // the start of `up` is not measured: it may have recorded or used an archive
            stack.launcher("stop", service);
            for (int round = 1; round <= runs; round++) {
                for (Map.Entry<String, String> mode : modes.entrySet()) {
                    Machine.awaitQuiet();
                    double seconds = stack.readySeconds(service, Map.of("PP_CDS", mode.getValue()));
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
                    double mb = stack.rssMb(service);
                    long t0 = System.nanoTime();
                    stack.launcher("stop", service);
                    double stopped = (System.nanoTime() - t0) / 1e9;
                    add(figures, "ready after launch (s), median (runs)", service, mode.getKey(), seconds);
                    add(figures, "RSS idle (MB), median (runs)", service, mode.getKey(), mb);
                    add(figures, "stop (s), median (runs)", service, mode.getKey(), stopped);
                    System.out.printf(Locale.ROOT, "  %s, round %d, PP_CDS=%s: ready in %.2f s, RSS idle %.0f MB, stopped in %.2f s%n",
                            service, round, mode.getValue(), seconds, mb, stopped);
                }
            }
            // leave it running, as `up` did, with the archive the last recording run saved
            stack.launcher("start", service);
        }
        figures.forEach((figure, byService) -> byService.forEach((service, byColumn) -> byColumn.forEach(
                (column, values) -> report.put(figure + ": " + service, column,
                        summary(values, figure.startsWith("RSS") ? "%.0f" : figure.startsWith("stop") ? "%.1f" : "%.2f")))));
    }

    private static void add(Map<String, Map<String, Map<String, List<Double>>>> figures, String figure, String service,
            String column, double value) {
        figures.computeIfAbsent(figure, f -> new LinkedHashMap<>()).computeIfAbsent(service, s -> new LinkedHashMap<>())
                .computeIfAbsent(column, c -> new ArrayList<>()).add(value);
    }

    /** "median (a, b, c)" in the given format. */
    static String summary(List<Double> values, String format) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format(Locale.ROOT, format, median) + " (" + values.stream()
                .map(v -> String.format(Locale.ROOT, format, v)).collect(Collectors.joining(", ")) + ")";
    }
}

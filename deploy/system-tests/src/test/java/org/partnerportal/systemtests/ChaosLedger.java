package org.partnerportal.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The client's side of the books: every request of the workload with what became of it. Only what
 * is written here as {@link Outcome#ACCEPTED} or {@link Outcome#RECOVERED} may have left an effect
 * behind (plus at most one per {@link Outcome#UNKNOWN}); the checks compare the system against it.
 */
final class ChaosLedger {

    enum Outcome {
        /** A 2xx answer, possibly after attempts that certainly had no effect. */
        ACCEPTED,
        /** The answer was lost (connection cut, 502, 504), but the system shows the effect: not sent again. */
        RECOVERED,
        /** The answer was lost and the request is not one to repeat blindly: it may or may not have taken effect. */
        UNKNOWN,
        /** A definite refusal: the journey of this partner stops here, and the run fails. */
        FAILED
    }

    record Entry(int partner, String step, Outcome outcome, int attempts, int lost, int status, String detail) {
    }

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

    void record(Entry e) {
        entries.add(e);
    }

    /** How many requests of one partner and step ended so: the bounds of the effects they may have left. */
    long count(int partner, String step, Outcome... outcomes) {
        List<Outcome> wanted = List.of(outcomes);
        return entries.stream().filter(e -> e.partner() == partner && e.step().equals(step)
                && wanted.contains(e.outcome())).count();
    }

    /** Effects that must exist: accepted or recovered. */
    long sure(int partner, String step) {
        return count(partner, step, Outcome.ACCEPTED, Outcome.RECOVERED);
    }

    /** Effects that may exist on top of {@link #sure}. */
    long unsure(int partner, String step) {
        return count(partner, step, Outcome.UNKNOWN);
    }

    List<Entry> failures() {
        return entries.stream().filter(e -> e.outcome() == Outcome.FAILED).toList();
    }

    /** One line per step: requests, outcomes, attempts in all, and attempts whose answer was lost. */
    String summary() {
        Map<String, long[]> rows = new TreeMap<>();
        for (Entry e : entries) {
            long[] r = rows.computeIfAbsent(e.step(), s -> new long[7]);
            r[0]++;
            r[1 + e.outcome().ordinal()]++;
            r[5] += e.attempts();
            r[6] += e.lost();
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-22s %8s %8s %9s %8s %7s %9s %6s", "step", "requests", "accepted", "recovered",
                "unknown", "failed", "attempts", "lost"));
        rows.forEach((step, r) -> lines.add(String.format("%-22s %8d %8d %9d %8d %7d %9d %6d", step, r[0], r[1], r[2],
                r[3], r[4], r[5], r[6])));
        return String.join("\n", lines);
    }
}

package org.partnerportal.systemtests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fuzzer sent and what it found: requests counted per operation, caller and status and
 * per kind of input, and the findings (a 5xx, an error that is not problem+json, a 2xx for a
 * caller the access matrix refuses, a rejected request that left a write or an event behind), each
 * kind of finding once per operation and caller with its first example.
 */
final class FuzzReport {

    private final Map<String, Map<String, Integer>> perOperation = new TreeMap<>();
    private final Map<String, Map<Integer, Integer>> perKind = new TreeMap<>();
    private final Map<String, Integer> perStatus = new TreeMap<>();
    private final Map<String, String> findings = new LinkedHashMap<>();
    private int requests;
    private int confirmations;

    void count(FuzzRequest r, int status) {
        requests++;
        perOperation.computeIfAbsent(r.op().label(), k -> new TreeMap<>())
                .merge(r.caller().label() + "→" + status, 1, Integer::sum);
        perKind.computeIfAbsent(r.kind(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        perStatus.merge(String.valueOf(status), 1, Integer::sum);
    }

    void confirmed() {
        confirmations++;
    }

    void finding(FuzzRequest r, String what, String detail) {
        findings.putIfAbsent(r.op().label() + " as " + r.caller().label() + ": " + what,
                r.describe() + "\n      → " + detail.replace('\n', ' '));
    }

    List<String> findings() {
        List<String> out = new ArrayList<>();
        findings.forEach((k, v) -> out.add(k + "\n    e.g. " + v));
        return out;
    }

    int requests() {
        return requests;
    }

    int operations() {
        return perOperation.size();
    }

    String render(long seed, int tries, long millis) {
        StringBuilder sb = new StringBuilder();
        sb.append("=== fuzz: seed ").append(seed).append(", tries ").append(tries).append(": ").append(requests)
                .append(" requests, ").append(perOperation.size()).append(" operations, ").append(millis / 1000)
                .append(" s; rejected requests sent again to name one that wrote: ").append(confirmations).append('\n');
        sb.append("by status: ").append(perStatus).append('\n');
        sb.append("by kind of input → status:\n");
        perKind.forEach((kind, counts) -> sb.append(String.format("  %-20s %s%n", kind, counts)));
        sb.append("by operation, caller → status:\n");
        perOperation.forEach((op, counts) -> sb.append(String.format("%-58s %s%n", op, counts)));
        sb.append("findings: ").append(findings.size()).append('\n');
        findings().forEach(f -> sb.append("  - ").append(f).append('\n'));
        return sb.toString();
    }
}

package org.partnerportal.systemtests;

import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Drives every operation as every kind of caller and checks each answer: never a 5xx (nor a broken
 * connection), every 4xx a problem+json whose {@code type}, {@code title} and {@code status} are
 * set and right, a query parameter of the wrong type a 400 that names it, and a rejected request
 * leaves the stores as they were.
 * <p>
 * How "as they were" stays deterministic: a full {@link StoreSnapshot} is the baseline while the
 * system is quiet. Rejected requests are collected and checked together against the database of
 * the service that answers the operation and the topics' end offsets — before the next request
 * expected to succeed (the valid one, sent last) and at the end of each (operation, caller) pair.
 * An accepted request may write, and what it writes ripples on (outbox relay, consumers, e-mails):
 * if the stores moved, the fuzzer waits until nothing moves any more and takes that as the new
 * baseline. When a check of rejected requests finds a difference (a ripple that outlived the
 * wait, or a hostile request that was accepted among them), the system is left to go quiet and
 * each of them is sent again on its own: only a write that a rejected request repeats is a finding.
 */
final class Fuzzer {

    private static final Duration QUIET = Duration.ofMillis(250);
    private final List<FuzzOperation> operations;
    private final FuzzRequests requests;
    private final FuzzClient client;
    private final StoreSnapshot.Probe probe;
    private final FuzzReport report;
    private final int tries;
    private StoreSnapshot baseline;

    Fuzzer(JsonNode doc, FuzzRequests requests, FuzzClient client, StoreSnapshot.Probe probe, FuzzReport report, int tries) {
        this.operations = FuzzOperation.all(doc).stream().sorted(Comparator.comparing(Fuzzer::destructive)).toList();
        this.requests = requests;
        this.client = client;
        this.probe = probe;
        this.report = report;
        this.tries = tries;
    }

    /** Archiving, closing, deleting, rotating and resetting go last, so the others still find their targets. */
    private static boolean destructive(FuzzOperation op) {
        return op.method().equals("DELETE") || op.path().matches(".*/(archive|close|rotate|reset|restore)$");
    }

    void run() {
        baseline = quiet();
        int pair = 0;
        for (FuzzOperation op : operations) {
            for (FuzzCaller caller : FuzzCaller.values()) {
                if (!caller.appliesTo(op)) {
                    continue;
                }
                // a refused caller is turned away at the gateway: a few tries show that is all that happens
                int n = op.allows(caller) ? tries : Math.max(2, tries / 6);
                pair(requests.generate(op, caller, n), address(++pair));
            }
        }
    }

    private void pair(List<FuzzRequest> batch, InetAddress from) {
        List<FuzzRequest> rejected = new ArrayList<>();
        boolean unexpected = false;
        for (FuzzRequest r : batch) {
            boolean expected = r.kind().equals(FuzzRequests.VALID) && r.op().allows(r.caller());
            if (expected) {
                verify(rejected, from, unexpected);
                unexpected = false;
            }
            FuzzClient.Response response = send(r, from);
            if (response.status() >= 400) {
                rejected.add(r);
                continue;
            }
            StoreSnapshot after = probe.take(r.op().service());
            if (!after.changesIn(r.op().service(), baseline).isEmpty()) {
                // a write: wait for its ripples to end; rejected requests before it are re-checked one by one
                unexpected |= !expected;
                baseline = quiet();
            }
        }
        verify(rejected, from, unexpected);
    }

    /** Sends, counts and checks the answer; a broken connection counts as status 0. */
    private FuzzClient.Response send(FuzzRequest r, InetAddress from) {
        FuzzClient.Response response = client.send(r, from);
        report.count(r, response.status());
        if (response.status() >= 500 || response.status() == 0) {
            report.finding(r, "status " + response.status(), response.body());
        } else if (response.status() >= 400) {
            problemJson(r, response);
        }
        if (r.mistypedQuery() != null && r.op().allows(r.caller())) {
            mistypedQuery(r, response);
        }
        return response;
    }

    /**
     * A query parameter its type cannot hold ({@code size=abc}) is the caller's mistake about that
     * parameter: a 400 naming it in {@code errors} — not JAX-RS's 404 for an unconvertible
     * parameter, nor an answer as if it had been left out. A rate-limited caller's 429 comes first.
     */
    private void mistypedQuery(FuzzRequest r, FuzzClient.Response response) {
        String name = r.mistypedQuery();
        if (response.status() == 429 || response.status() >= 500 || response.status() == 0) {
            return;
        }
        if (response.status() != 400) {
            report.finding(r, "mistyped query parameter answered " + response.status(), response.body());
            return;
        }
        try {
            JsonNode errors = new ObjectMapper().readTree(response.body()).path("errors");
            for (JsonNode e : errors) {
                if (e.path("field").asText().equals(name)) {
                    return;
                }
            }
        } catch (Exception e) {
            // not JSON: problemJson has reported it
            return;
        }
        report.finding(r, "400 not naming the mistyped query parameter " + name, response.body());
    }

    /** The rejected requests left nothing behind; else (or if a write came between them) one by one again. */
    private void verify(List<FuzzRequest> rejected, InetAddress from, boolean writeBetween) {
        if (rejected.isEmpty()) {
            return;
        }
        String service = rejected.get(0).op().service();
        if (!writeBetween && probe.take(service).changesIn(service, baseline).isEmpty()) {
            rejected.clear();
            return;
        }
        baseline = quiet();
        for (FuzzRequest r : rejected) {
            report.confirmed();
            FuzzClient.Response again = client.send(r, from);
            List<String> changes = probe.take(service).changesIn(service, baseline);
            if (!changes.isEmpty()) {
                if (again.status() >= 400) {
                    report.finding(r, "rejected (" + again.status() + ") but wrote", String.join("; ", changes));
                }
                baseline = quiet();
            }
        }
        rejected.clear();
    }

    private void problemJson(FuzzRequest r, FuzzClient.Response response) {
        if (!response.contentType().startsWith("application/problem+json")) {
            report.finding(r, response.status() + " not problem+json", "Content-Type '" + response.contentType() + "': "
                    + response.body().substring(0, Math.min(200, response.body().length())));
            return;
        }
        try {
            JsonNode problem = new ObjectMapper().readTree(response.body());
            if (problem.path("type").asText("").isBlank() || problem.path("title").asText("").isBlank()
                    || problem.path("status").asInt() != response.status()) {
                report.finding(r, response.status() + " problem without type/title/status", response.body());
            }
        } catch (Exception e) {
            report.finding(r, response.status() + " problem+json that is not JSON", response.body());
        }
    }

    /** Waits until two snapshots {@link #QUIET} apart are the same, and returns it. */
    private StoreSnapshot quiet() {
        AtomicReference<StoreSnapshot> last = new AtomicReference<>(probe.take());
        await().pollDelay(QUIET).pollInterval(QUIET).atMost(Duration.ofSeconds(60)).until(() -> {
            StoreSnapshot now = probe.take();
            return now.equals(last.getAndSet(now));
        });
        return last.get();
    }

    /** 127.1.x.y: a loopback address of its own for each (operation, caller) pair. */
    private static InetAddress address(int pair) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 1, (byte) (pair / 250), (byte) (pair % 250 + 1)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

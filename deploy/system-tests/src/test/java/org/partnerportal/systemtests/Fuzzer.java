package org.partnerportal.systemtests;

import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Drives every operation as every kind of caller and checks each answer: never a 5xx (nor a broken
 * connection), every 4xx a problem+json whose {@code type}, {@code title} and {@code status} are
 * set and right, a query parameter of the wrong type a 400 that names it, a caller the expected
 * access matrix refuses never a 2xx (and its valid request refused with the matrix's status), and
 * a rejected request leaves the stores as they were.
 * <p>
 * How "as they were" stays exact: the baseline is a full {@link StoreSnapshot} taken once the
 * system has settled ({@link StoreSnapshot.Probe#unsettled}: every consumer group's lag zero, no
 * outbox event left, no delivery pending) and two snapshots in a row agree. An accepted request
 * that wrote is followed by the same wait before the next baseline, so its ripples (relay,
 * consumers, projections, e-mails) are all in it. The rejected requests of an (operation, caller)
 * pair are checked together, before the next request expected to succeed and at the end of the
 * pair: the system is left to settle again (an event a rejected request put in an outbox is
 * published and consumed first) and every database and every topic's end offset must equal the
 * baseline (first, cheaply, the owning service's database and the offsets — all a request can
 * change at once; only when they moved, the full comparison after settling). Any difference is a
 * finding, the first time: the batch's requests are then sent again one by one only to name the one
 * that wrote.
 */
final class Fuzzer {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private final List<FuzzOperation> operations;
    private final FuzzRequests requests;
    private final FuzzClient client;
    private final StoreSnapshot.Probe probe;
    private final FuzzReport report;
    private final int tries;
    private StoreSnapshot baseline;

    Fuzzer(JsonNode doc, FuzzRequests requests, FuzzClient client, StoreSnapshot.Probe probe, FuzzReport report, int tries) {
        // an operation the access matrix does not know has no oracle: FuzzIT fails on it after the run
        this.operations = FuzzOperation.all(doc).stream().filter(op -> op.access() != null)
                .sorted(Comparator.comparing(Fuzzer::destructive)).toList();
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
        baseline = settled();
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

    private record Rejected(FuzzRequest request, int status) {
    }

    private void pair(List<FuzzRequest> batch, InetAddress from) {
        List<Rejected> rejected = new ArrayList<>();
        for (FuzzRequest r : batch) {
            boolean expected = r.kind().equals(FuzzRequests.VALID) && r.op().allows(r.caller());
            if (expected) {
                verify(rejected, from);
            }
            FuzzClient.Response response = send(r, from);
            if (response.status() >= 400 || response.status() == 0) {
                rejected.add(new Rejected(r, response.status()));
                continue;
            }
            StoreSnapshot after = probe.take(r.op().service());
            if (!after.changesIn(r.op().service(), baseline).isEmpty()) {
                // an accepted write: its ripples end before the next baseline
                baseline = settled();
            }
        }
        verify(rejected, from);
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
        access(r, response);
        return response;
    }

    /**
     * The expected access matrix's verdict: a caller it refuses never gets a 2xx, whatever the
     * input; and its valid request (nothing else wrong with it) is refused with the matrix's status,
     * unless the per-address budget's {@code 429} came first.
     */
    private void access(FuzzRequest r, FuzzClient.Response response) {
        var refusal = r.op().access().refusedWith(r.caller().column());
        if (refusal.isEmpty()) {
            return;
        }
        if (response.status() >= 200 && response.status() < 300) {
            report.finding(r, "refused by the matrix (" + refusal.getAsInt() + ") but answered " + response.status(),
                    r.op().access().source());
        } else if (r.kind().equals(FuzzRequests.VALID) && response.status() != refusal.getAsInt()
                && response.status() != 429) {
            report.finding(r, "refused with " + response.status() + ", the matrix says " + refusal.getAsInt(),
                    r.op().access().source() + ": " + response.body());
        }
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

    /**
     * The rejected requests left nothing behind once the system settled; if something changed, that
     * is a finding, and the batch is sent again one request at a time to name the request that wrote.
     */
    private void verify(List<Rejected> rejected, InetAddress from) {
        if (rejected.isEmpty()) {
            return;
        }
        // what a rejected request can change at once is its service's database (an outbox event included)
        // or a topic: when neither moved from the settled baseline, nothing was set off either
        String service = rejected.get(0).request().op().service();
        if (probe.take(service).changesIn(service, baseline).isEmpty()) {
            rejected.clear();
            return;
        }
        StoreSnapshot now = settled();
        List<String> changes = now.changesSince(baseline);
        baseline = now;
        if (changes.isEmpty()) {
            rejected.clear();
            return;
        }
        report.finding(rejected.get(0).request(), "one of " + rejected.size() + " rejected requests (statuses "
                + rejected.stream().map(x -> String.valueOf(x.status())).toList() + ") left a write or an event",
                String.join("; ", changes));
        for (Rejected x : rejected) {
            report.confirmed();
            FuzzClient.Response again = client.send(x.request(), from);
            StoreSnapshot after = settled();
            List<String> repeated = after.changesSince(baseline);
            baseline = after;
            if (!repeated.isEmpty() && again.status() >= 400) {
                report.finding(x.request(), "rejected (" + again.status() + ") but wrote", String.join("; ", repeated));
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

    /**
     * Waits until nothing is left to move ({@link StoreSnapshot.Probe#unsettled}) and two full
     * snapshots in a row agree, and returns the last. Fails the run if that does not come: a system
     * that never settles cannot be compared.
     */
    private StoreSnapshot settled() {
        AtomicReference<StoreSnapshot> last = new AtomicReference<>();
        AtomicReference<List<String>> moving = new AtomicReference<>(List.of());
        try {
            await().pollDelay(Duration.ZERO).pollInterval(POLL).atMost(SETTLE).until(() -> {
                List<String> unsettled = probe.unsettled();
                moving.set(unsettled);
                if (!unsettled.isEmpty()) {
                    last.set(null);
                    return false;
                }
                StoreSnapshot now = probe.take();
                return now.equals(last.getAndSet(now));
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("The system did not settle within " + SETTLE + "; still moving: "
                    + moving.get(), e);
        }
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

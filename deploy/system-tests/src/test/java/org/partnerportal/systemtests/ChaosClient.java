package org.partnerportal.systemtests;

import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.awaitility.core.ConditionTimeoutException;
import org.partnerportal.systemtests.ChaosLedger.Entry;
import org.partnerportal.systemtests.ChaosLedger.Outcome;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A careful client under faults. A request that certainly had no effect (connection refused, the
 * gateway's 503 for an unreachable service, a 429, the gateway's 408 for a body that did not reach
 * it in time: the service's call is cut before the body is whole) is sent again after a pause. A request whose
 * answer was lost (connection cut, 502, 504, any other 5xx) is sent again only when that cannot
 * do harm: when it is idempotent by nature, when a repeat is refused with a 409 that proves the
 * first one took effect, or when a probe of the system's state shows it did not take effect.
 * What happened is written to the {@link ChaosLedger}.
 */
final class ChaosClient {

    /** Timeouts, so a request into a killed process ends instead of hanging. */
    private static final RestAssuredConfig TIMEOUTS = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 30_000));
    private static final Duration PAUSE = Duration.ofMillis(700);
    private static final Duration GIVE_UP = Duration.ofMinutes(4);

    /** What came back: a status, or 0 when the connection was refused, -1 when it broke after sending. */
    record Reply(int status, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonPath json() {
            return new JsonPath(body);
        }

        boolean certainlyNotApplied() {
            return status == 0 || status == 503 || status == 429 || status == 408;
        }

        boolean lost() {
            return status == -1 || status >= 500 && status != 503;
        }
    }

    /**
     * One kind of request. {@code notYet}: statuses that mean "ask again later" (a projection that
     * has not caught up). {@code idempotent}: by nature,, sent again after a lost answer.
     * {@code conflictMeansDone}: a 409 after a lost answer means the lost one took effect.
     * {@code probe}: after a lost answer, whether the effect exists (empty: cannot tell yet).
     */
    record Step(String name, Supplier<Response> request, Set<Integer> notYet, boolean idempotent,
            boolean conflictMeansDone, Supplier<Optional<Boolean>> probe) {

        static Step of(String name, Supplier<Response> request) {
            return new Step(name, request, Set.of(), false, false, null);
        }

        Step notYet(Integer... statuses) {
            return new Step(name, request, Set.of(statuses), idempotent, conflictMeansDone, probe);
        }

        Step repeatable() {
            return new Step(name, request, notYet, true, conflictMeansDone, probe);
        }

        Step conflictProvesIt() {
            return new Step(name, request, notYet, idempotent, true, probe);
        }

        Step probe(Supplier<Optional<Boolean>> p) {
            return new Step(name, request, notYet, idempotent, conflictMeansDone, p);
        }
    }

    private final ChaosLedger ledger;
    private final int partner;

    ChaosClient(ChaosLedger ledger, int partner) {
        this.ledger = ledger;
        this.partner = partner;
    }

    static RequestSpecification gateway() {
        return RestAssured.given().config(TIMEOUTS).baseUri(Stack.gateway());
    }

    /**
     * Sends the step until its outcome is known, records it, and returns the last answer. A step
     * that is neither repeatable nor probed ends as {@link Outcome#UNKNOWN} after a lost answer.
     */
    Reply call(Step step) {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        AtomicReference<Reply> last = new AtomicReference<>();
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        try {
            awaitOutcome(step, attempts, lost, last, outcome);
        } catch (ConditionTimeoutException e) {
            // the journey ends here; whatever was sent may have taken effect, as far as the books know
            Reply r = last.get();
            ledger.record(new Entry(partner, step.name(), Outcome.UNKNOWN, attempts.get(), lost.get(),
                    r == null ? 0 : r.status(), "no outcome within " + GIVE_UP));
            throw new IllegalStateException("partner " + partner + ", " + step.name() + ": no outcome within " + GIVE_UP
                    + " (" + attempts.get() + " attempts, " + lost.get() + " lost; the last answered "
                    + (r == null ? "nothing" : r.status() + " " + r.body()) + ")", e);
        }
        Reply r = last.get();
        ledger.record(new Entry(partner, step.name(), outcome.get(), attempts.get(), lost.get(), r.status(),
                outcome.get() == Outcome.FAILED ? r.body() : null));
        if (outcome.get() == Outcome.FAILED) {
            throw new IllegalStateException("partner " + partner + ", " + step.name() + ": " + r.status() + " " + r.body());
        }
        return r;
    }

    private void awaitOutcome(Step step, AtomicInteger attempts, AtomicInteger lost, AtomicReference<Reply> last,
            AtomicReference<Outcome> outcome) {
        await().atMost(GIVE_UP).pollDelay(Duration.ZERO).pollInterval(PAUSE).until(() -> {
            attempts.incrementAndGet();
            Reply r = send(step.request());
            last.set(r);
            if (r.certainlyNotApplied() || step.notYet().contains(r.status())) {
                return false;
            }
            if (r.lost()) {
                lost.incrementAndGet();
                if (step.idempotent()) {
                    return false;
                }
                if (step.probe() != null) {
                    if (applied(step.probe())) {
                        outcome.set(Outcome.RECOVERED);
                        return true;
                    }
                    return false;
                }
                if (!step.conflictMeansDone()) {
                    outcome.set(Outcome.UNKNOWN);
                    return true;
                }
                return false;
            }
            if (r.ok()) {
                outcome.set(Outcome.ACCEPTED);
            } else if (r.status() == 409 && step.conflictMeansDone() && lost.get() > 0) {
                outcome.set(Outcome.RECOVERED);
            } else {
                outcome.set(Outcome.FAILED);
            }
            return true;
        });
    }

    /** A read the journey needs (a list, a lookup), tried until the service answers it. */
    static <T> T read(Callable<T> read) {
        return await().atMost(GIVE_UP).pollDelay(Duration.ZERO).pollInterval(PAUSE).ignoreExceptions()
                .until(read, Objects::nonNull);
    }

    /** Waits until the probe can tell (the owning service may itself be restarting). */
    private static boolean applied(Supplier<Optional<Boolean>> probe) {
        AtomicReference<Boolean> answer = new AtomicReference<>();
        await().atMost(GIVE_UP).pollDelay(Duration.ZERO).pollInterval(PAUSE).ignoreExceptions().until(() -> {
            Optional<Boolean> seen = probe.get();
            seen.ifPresent(answer::set);
            return seen.isPresent();
        });
        return answer.get();
    }

    private static Reply send(Supplier<Response> request) {
        try {
            Response r = request.get();
            return new Reply(r.statusCode(), r.asString());
        } catch (Exception e) {
            // rest-assured throws the checked ConnectException without declaring it
            return new Reply(refused(e) ? 0 : -1, e.toString());
        }
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}

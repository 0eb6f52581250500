package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.AccessMatrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.specification.RequestSpecification;

/**
 * Hostile input against the whole API: every operation of the gateway's merged OpenAPI document,
 * as every kind of caller, with valid and broken bodies, parameters and headers ({@link Fuzzer}).
 * The short form (the default, a fixed seed) runs in the build; {@code -Dpp.fuzz.tries=N} (and
 * {@code -Dpp.fuzz.seed=S}) make the long form — {@code deploy/system-tests/fuzz.sh}. The report is
 * printed and left in {@code target/fuzz-report.txt}.
 */
class FuzzIT {

    private static final long SEED = Long.getLong("pp.fuzz.seed", 20261129L);
    private static final int TRIES = Integer.getInteger("pp.fuzz.tries", 4);

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    private static RequestSpecification superAdmin() {
        return given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("superadmin")).contentType("application/json");
    }

    private static String templatePath(FuzzFixture fixture) {
        return "/api/notifications/templates/" + fixture.ids().get("key") + "/" + fixture.ids().get("lang");
    }

    @Test
    void everyOperationAsEveryCaller() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().baseUri(Stack.gateway()).queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().asString());
        FuzzFixture fixture = FuzzFixture.create();
        // the fuzzer's valid requests may rewrite this mail template; the other tests read its mails
        Map<String, Object> template = new HashMap<>(superAdmin().get(templatePath(fixture)).then().statusCode(200)
                .extract().jsonPath().getMap(""));
        template.keySet().retainAll(Set.of("subject", "textBody", "htmlBody", "category", "description", "variables"));
        FuzzReport report = new FuzzReport();
        FuzzValues values = new FuzzValues(doc, new Random(SEED), fixture);
        FuzzRequests requests = new FuzzRequests(doc, values, fixture, caller -> Keycloak.token(caller.user()));
        long start = System.nanoTime();
        try (FuzzClient client = new FuzzClient(); StoreSnapshot.Probe probe = new StoreSnapshot.Probe()) {
            new Fuzzer(doc, requests, client, probe, report, TRIES).run();
        } finally {
            superAdmin().body(template).put(templatePath(fixture)).then().statusCode(200);
        }
        String text = report.render(SEED, TRIES, (System.nanoTime() - start) / 1_000_000);
        System.out.println(text);
        Files.writeString(Path.of("target/fuzz-report.txt"), text);
        // checked after the fuzzing, so that a route missing from the document does not hide what the rest shows
        theDocumentIsTheMatrix(FuzzOperation.all(doc));
        assertEquals(AccessMatrix.routes().size(), report.operations(), "every route was driven");
        assertTrue(report.findings().isEmpty(), text);
    }

    /**
     * The document the fuzzer walks is the whole API and nothing but it: its operations are exactly
     * the routes of the expected access matrix (which RoleMatrixTest holds equal to the gateway's
     * policy table), none twice, and none partial — each names its service and declares every
     * parameter of its path.
     */
    static void theDocumentIsTheMatrix(List<FuzzOperation> ops) {
        Set<String> matrix = AccessMatrix.routes().values().stream()
                .map(r -> r.method() + " " + FuzzOperation.shape(r.template())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = ops.stream().map(FuzzOperation::shape).collect(Collectors.toCollection(TreeSet::new));
        Set<String> undocumented = new TreeSet<>(matrix);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(matrix);
        List<String> partial = ops.stream().filter(op -> op.service().isBlank() || !op.undeclared().isEmpty())
                .map(op -> op.label() + (op.service().isBlank() ? " (no x-service)" : "") + (op.undeclared().isEmpty() ? ""
                        : " (path parameters not declared: " + op.undeclared() + ")"))
                .toList();
        assertAll(
                () -> assertEquals(Set.of(), undocumented, "routes missing from the merged OpenAPI document"),
                () -> assertEquals(Set.of(), unknown, "operations of the document that are no route of the matrix"),
                () -> assertEquals(ops.size(), documented.size(), "an operation listed twice"),
                () -> assertEquals(List.of(), partial, "partial operations"));
    }
}

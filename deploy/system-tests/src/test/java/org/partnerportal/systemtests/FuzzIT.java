package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        assertTrue(report.operations() == FuzzOperation.all(doc).size() && report.operations() > 60,
                "every operation of the document was driven: " + report.operations());
        assertTrue(report.findings().isEmpty(), text);
    }
}

package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.partnerportal.gateway.policy.PolicyTable;
import org.partnerportal.testsupport.AccessMatrix;
import org.partnerportal.testsupport.AccessMatrix.Caller;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every route of the gateway, called by every kind of caller, against the expected matrix written
 * as data from API.md's "who" column ({@code access-matrix.txt} in libs/test-support), never from
 * the policy table's own access levels: a rule given the wrong level fails here. Object level
 * included: the partner user of B and the links of B never reach A's data. The matrix and the
 * table list the same routes, so a new rule must be classified there first.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class RoleMatrixTest {

    static final String A = "aaaa0000-0000-4000-8000-00000000000a";
    static final String B = "bbbb0000-0000-4000-8000-00000000000b";

    static Response call(Caller who, PolicyTable.Rule rule) {
        String path = rule.template();
        for (String param : rule.params()) {
            String value = switch (param) {
                case "id" -> A;
                case "token" -> who == Caller.PORTAL ? LinkTokens.portal(A, 1) : "p1." + A + ".1.forged";
                case "email" -> "someone@example.com";
                case "deliveryId" -> "partner-service:access_approved:someone@example.com";
                default -> "x1";
            };
            path = path.replace("{" + param + "}", value);
        }
        var spec = given().redirects().follow(false).contentType("application/json");
        spec = switch (who) {
            case SUPER_ADMIN -> spec.auth().oauth2(OidcTokens.of("superadmin", "super_admin"));
            case ADMIN -> spec.auth().oauth2(OidcTokens.of("admin", "admin"));
            case PARTNER_OWN -> spec.auth().oauth2(OidcTokens.partner(A));
            case PARTNER_OTHER -> spec.auth().oauth2(OidcTokens.partner(B));
            case VISITOR -> spec.auth().oauth2(OidcTokens.of("visitor"));
            case PROPOSAL_OWN -> spec.queryParam("token", LinkTokens.proposal(A));
            case PROPOSAL_OTHER -> spec.queryParam("token", LinkTokens.proposal(B));
            case ANONYMOUS, PORTAL -> spec;
        };
        if (!rule.method().equals("GET") && !rule.method().equals("DELETE")) {
            spec = spec.body("{}");
        }
        return spec.when().request(rule.method(), path);
    }

    @Test
    void theMatrixAndThePolicyTableListTheSameRoutes() {
        Set<String> table = PolicyTable.rules().stream().map(r -> r.method() + " " + r.template())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> matrix = new TreeSet<>(AccessMatrix.routes().keySet());
        Set<String> unclassified = new TreeSet<>(table);
        unclassified.removeAll(matrix);
        Set<String> notRouted = new TreeSet<>(matrix);
        notRouted.removeAll(table);
        assertEquals(Set.of(), unclassified, "routes of the policy table missing from access-matrix.txt");
        assertEquals(Set.of(), notRouted, "routes of access-matrix.txt the gateway does not route");
    }

    @Test
    void everyRouteForEveryCaller() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (PolicyTable.Rule rule : PolicyTable.rules()) {
            AccessMatrix.Route expected = AccessMatrix.route(rule.method(), rule.template());
            // notification-service is down in these tests: a caller let through meets its 503, and a
            // refused one is answered before the call is tried
            int through = rule.service().equals(PolicyTable.NOTIFICATION) ? 503 : 200;
            for (Caller who : Caller.values()) {
                int want = expected.refusedWith(who).orElse(through);
                int status = call(who, rule).statusCode();
                checked++;
                if (status != want) {
                    wrong.add(rule.method() + " " + rule.template() + " as " + who + ": " + status + " (expected " + want
                            + ", " + expected.source() + ")");
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong:\n" + String.join("\n", wrong));
        assertEquals(PolicyTable.rules().size() * Caller.values().length, checked);
    }
}

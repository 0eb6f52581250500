package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.gateway.policy.Access;
import org.partnerportal.gateway.policy.PolicyTable;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every path of the policy table, called by every kind of caller, against what API.md says each
 * may do; object level included: the partner user of B and the links of A never reach A's or
 * B's data across.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class RoleMatrixTest {

    static final String A = "aaaa0000-0000-4000-8000-00000000000a";
    static final String B = "bbbb0000-0000-4000-8000-00000000000b";

    enum Who { SUPER_ADMIN, ADMIN, PARTNER_A, PARTNER_B, VISITOR, ANONYMOUS, PROPOSAL_A, PORTAL_A }

    /** The expected status, written from API.md's "who" column independently of the gateway's code. */
    static int expected(Access access, Who who) {
        boolean oidc = who != Who.ANONYMOUS && who != Who.PROPOSAL_A && who != Who.PORTAL_A;
        return switch (access) {
            case PUBLIC -> 200;
            case PROPOSAL -> who == Who.PROPOSAL_A ? 200 : 401;
            case PORTAL -> who == Who.PORTAL_A ? 200 : 401;
            case ADMIN -> !oidc ? 401 : who == Who.SUPER_ADMIN || who == Who.ADMIN ? 200 : 403;
            case SUPER_ADMIN -> !oidc ? 401 : who == Who.SUPER_ADMIN ? 200 : 403;
            case PARTNER -> !oidc ? 401 : who == Who.PARTNER_A || who == Who.PARTNER_B ? 200 : 403;
            case ADMIN_OR_PARTNER -> !oidc ? 401 : who == Who.VISITOR ? 403 : 200;
            case ADMIN_OR_OWN_PARTNER -> !oidc ? 401 : who == Who.VISITOR ? 403 : who == Who.PARTNER_B ? 404 : 200;
        };
    }

    static Response call(Who who, PolicyTable.Rule rule) {
        String path = rule.template();
        for (String param : rule.params()) {
            String value = switch (param) {
                case "id" -> A;
                case "token" -> who == Who.PORTAL_A ? LinkTokens.portal(A, 1) : "p1." + A + ".1.forged";
                case "email" -> "someone@example.com";
                default -> "x1";
            };
            path = path.replace("{" + param + "}", value);
        }
        var spec = given().redirects().follow(false).contentType("application/json");
        switch (who) {
            case SUPER_ADMIN -> spec = spec.auth().oauth2(OidcTokens.of("superadmin", "super_admin"));
            case ADMIN -> spec = spec.auth().oauth2(OidcTokens.of("admin", "admin"));
            case PARTNER_A -> spec = spec.auth().oauth2(OidcTokens.partner(A));
            case PARTNER_B -> spec = spec.auth().oauth2(OidcTokens.partner(B));
            case VISITOR -> spec = spec.auth().oauth2(OidcTokens.of("visitor"));
            case PROPOSAL_A -> spec = spec.queryParam("token", LinkTokens.proposal(A));
            default -> {
            }
        }
        if (!rule.method().equals("GET") && !rule.method().equals("DELETE")) {
            spec = spec.body("{}");
        }
        return spec.when().request(rule.method(), path);
    }

    @Test
    void everyPathForEveryCaller() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (PolicyTable.Rule rule : PolicyTable.rules()) {
            if (rule.service().equals(PolicyTable.NOTIFICATION)) {
                // its backend is down in these tests: the rule still decides before the call
                continue;
            }
            for (Who who : Who.values()) {
                int status = call(who, rule).statusCode();
                checked++;
                if (status != expected(rule.access(), who)) {
                    wrong.add(rule.method() + " " + rule.template() + " as " + who + ": " + status
                            + " (expected " + expected(rule.access(), who) + ")");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked > 400, "the matrix covers the table: " + checked);
    }

    @Test
    void notificationPathsAreDecidedBeforeTheCall() {
        Map<Who, Integer> seen = new LinkedHashMap<>();
        for (PolicyTable.Rule rule : PolicyTable.rules()) {
            if (!rule.service().equals(PolicyTable.NOTIFICATION)) {
                continue;
            }
            for (Who who : Who.values()) {
                int status = call(who, rule).statusCode();
                int want = expected(rule.access(), who);
                // allowed callers reach the (down) service: 503; refused ones never get that far
                assertEquals(want == 200 ? 503 : want, status, rule.method() + " " + rule.template() + " as " + who);
                seen.merge(who, 1, Integer::sum);
            }
        }
        assertEquals(Who.values().length, seen.size());
    }
}

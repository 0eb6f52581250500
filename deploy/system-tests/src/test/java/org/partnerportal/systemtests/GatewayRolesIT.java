package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.AccessMatrix;
import org.partnerportal.testsupport.AccessMatrix.Caller;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Roles and tokens at the edge with the real identity provider and the real services: Keycloak
 * password-grant tokens of the demo users and real token links, against every route of the
 * expected access matrix ({@code access-matrix.txt}, from API.md) — reads, writes and link paths —
 * where the matrix refuses the caller; then, where it lets them through, real reads and writes
 * across two real partners (the demo partner and one created here through the API), each with the
 * effect or its absence checked; and tokens that Keycloak did not issue for the gateway refused.
 * Every (route, caller) call comes from an address of its own ({@link ClientAddresses}), so the
 * per-address budgets of the link paths decide nothing here.
 */
@ClientAddresses.OwnAddresses
class GatewayRolesIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The second partner, created through the API: the partner user's "other partner", the links' owner. */
    private static String other;
    private static String otherAction;
    private static String ownAction;
    private static String otherProposalLink;
    private static String otherPortalLink;

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        other = as("admin").body(Map.of("name", "Roles Other " + suffix, "description", "The partner user's other partner.",
                "industry", "Testing", "tier", "silver", "contacts", List.of(Map.of("name", "Roles Contact",
                        "email", "roles." + suffix + "@example.test", "role", "Tester"))))
                .post("/api/partners").then().statusCode(201).extract().path("id");
        // nda- and engagement-service learn of the partner from its event
        Map<String, Object> content = Map.of("sections", Map.of("hero", "# Roles", "terms", "Terms."));
        await().atMost(WAIT).until(() -> as("admin").body(content).put("/api/partners/" + other + "/proposal").statusCode() == 200);
        otherProposalLink = as("admin").post("/api/partners/" + other + "/proposal-token").then().statusCode(201)
                .extract().path("token");
        String url = as("admin").body(Map.of("recipient", "roles." + suffix + "@example.test"))
                .post("/api/partners/" + other + "/portal-access").then().statusCode(202).extract().path("url");
        otherPortalLink = url.substring(url.indexOf("/portal/") + "/portal/".length());
        otherAction = action(other, "Roles: the other partner's item");
        ownAction = action(Stack.DEMO_PARTNER, "Roles: the demo partner's item");
    }

    private static String action(String partnerId, String title) {
        return await().atMost(WAIT).until(() -> {
            var r = as("admin").body(Map.of("title", title)).post("/api/partners/" + partnerId + "/actions");
            return r.statusCode() == 201 ? r.path("id").toString() : null;
        }, id -> id != null);
    }

    /** A request from an address of its own, with the credential of a demo user (null: none). */
    private static RequestSpecification as(String user) {
        var spec = given().baseUri(Stack.gateway()).header(ClientAddresses.HEADER, ClientAddresses.next())
                .contentType("application/json").redirects().follow(false);
        return user == null ? spec : spec.auth().oauth2(Keycloak.token(user));
    }

    /** The portal link with its MAC changed: what every caller but the portal holder puts in {token}. */
    private static String forgedPortalLink() {
        return otherPortalLink.substring(0, otherPortalLink.length() - 1) + (otherPortalLink.endsWith("A") ? "B" : "A");
    }

    private static Response call(Caller who, AccessMatrix.Route route) {
        String path = route.template();
        for (String param : List.of("id", "token", "email", "eventId", "partnerId", "requestId", "entryId", "actionId",
                "jti", "reference", "docId", "deliveryId", "mailingId", "key", "lang")) {
            String value = switch (param) {
                // the partner user's own partner, or the second partner for everyone else (and its link holders)
                case "id", "partnerId" -> who == Caller.PARTNER_OWN || who == Caller.PROPOSAL_OTHER ? Stack.DEMO_PARTNER : other;
                case "token" -> who == Caller.PORTAL ? otherPortalLink : forgedPortalLink();
                case "actionId" -> otherAction;
                case "email" -> "someone@example.test";
                case "lang" -> "en";
                // a delivery id has the shape of a real one (<source>:<template>:<recipient>), or the route is not found
                case "deliveryId" -> "partner-service:access_approved:someone@example.test";
                default -> "x1";
            };
            path = path.replace("{" + param + "}", value);
        }
        var spec = as(switch (who) {
            case VISITOR -> "visitor";
            case PARTNER_OWN, PARTNER_OTHER -> "partner";
            case ADMIN -> "admin";
            case SUPER_ADMIN -> "superadmin";
            default -> null;
        });
        if (who == Caller.PROPOSAL_OWN || who == Caller.PROPOSAL_OTHER) {
            spec = spec.queryParam("token", otherProposalLink);
        }
        if (!route.method().equals("GET") && !route.method().equals("DELETE")) {
            spec = spec.body("{}");
        }
        return spec.when().request(route.method(), path);
    }

    @Test
    void everyRouteRefusesWhomTheMatrixRefuses() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (AccessMatrix.Route route : AccessMatrix.routes().values()) {
            for (Caller who : Caller.values()) {
                OptionalInt refusal = route.refusedWith(who);
                if (refusal.isEmpty()) {
                    continue;
                }
                int status = call(who, route).statusCode();
                checked++;
                if (status != refusal.getAsInt()) {
                    wrong.add(route.key() + " as " + who + ": " + status + " (expected " + refusal.getAsInt() + ", "
                            + route.source() + ")");
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + checked + " wrong:\n" + String.join("\n", wrong));
        assertTrue(checked > 400, "refusals checked: " + checked);
    }

    @Test
    void aPartnerUserReadsAndWritesItsOwnPartnerOnly() {
        // reads: the own partner's, never the other's (404 at the gateway or in the service, as if it did not exist)
        as("partner").get("/api/partner/me").then().statusCode(200).body("id", equalTo(Stack.DEMO_PARTNER));
        as("partner").get("/api/partners/" + Stack.DEMO_PARTNER).then().statusCode(200);
        as("partner").get("/api/partners/" + Stack.DEMO_PARTNER + "/timeline").then().statusCode(200);
        as("partner").get("/api/actions/" + ownAction).then().statusCode(200);
        for (String path : List.of("/api/partners/" + other, "/api/partners/" + other + "/timeline",
                "/api/partners/" + other + "/actions", "/api/actions/" + otherAction)) {
            as("partner").get(path).then().statusCode(404).contentType("application/problem+json");
        }
        // writes: marking the other partner's item done is refused and changes nothing; its own goes through
        as("partner").body(Map.of("status", "done")).patch("/api/actions/" + otherAction).then().statusCode(404);
        as("admin").get("/api/actions/" + otherAction).then().statusCode(200).body("status", equalTo("open"));
        as("partner").body(Map.of("status", "done")).patch("/api/actions/" + ownAction).then().statusCode(200);
        as("admin").get("/api/actions/" + ownAction).then().statusCode(200).body("status", equalTo("done"));
        // and an admin's write on the partner's own record stays the admins'
        as("partner").body(Map.of("industry", "Hijacked")).patch("/api/partners/" + Stack.DEMO_PARTNER).then().statusCode(403);
    }

    @Test
    void adminsWriteWhatTheContractGivesThem() {
        as("admin").body(Map.of("industry", "Roles by admin")).patch("/api/partners/" + other).then().statusCode(200)
                .body("industry", equalTo("Roles by admin"));
        as("superadmin").body(Map.of("industry", "Roles by super admin")).patch("/api/partners/" + other).then().statusCode(200)
                .body("industry", equalTo("Roles by super admin"));
        as("superadmin").get("/api/notifications/config").then().statusCode(200);
        as("admin").get("/api/notifications/config").then().statusCode(403);
        as("visitor").body(Map.of("name", "Roles Visitor", "email", "visitor." + UUID.randomUUID() + "@example.test",
                "company", "Roles Co")).post("/api/partner/register").then().statusCode(202);
    }

    @Test
    void linkHoldersReachTheirOwnPartnerOnly() {
        // the proposal link of the second partner: its proposal and a view, nothing of the demo partner's
        as(null).queryParam("token", otherProposalLink).get("/api/proposals/" + other).then().statusCode(200);
        as(null).queryParam("token", otherProposalLink).body(Map.of("section", "hero", "seconds", 3))
                .post("/api/proposals/" + other + "/views").then().statusCode(202);
        as(null).queryParam("token", otherProposalLink).get("/api/proposals/" + Stack.DEMO_PARTNER).then().statusCode(401);
        as(null).header("X-Link-Token", otherProposalLink).body(Map.of("section", "hero", "seconds", 3))
                .post("/api/proposals/" + Stack.DEMO_PARTNER + "/views").then().statusCode(401);
        // a signed-in admin is no link holder
        as("admin").get("/api/proposals/" + other).then().statusCode(401);
        // the portal link of the second partner: its portal and its own item, not the demo partner's
        as(null).get("/api/portal/" + otherPortalLink).then().statusCode(200);
        as(null).get("/api/portal/" + otherPortalLink + "/timeline").then().statusCode(200);
        String demoItem = action(Stack.DEMO_PARTNER, "Roles: the demo partner's item, not the portal's");
        String item = action(other, "Roles: done from the portal");
        as(null).post("/api/portal/" + otherPortalLink + "/actions/" + demoItem + "/done").then().statusCode(404);
        as("admin").get("/api/actions/" + demoItem).then().statusCode(200).body("status", equalTo("open"));
        as(null).post("/api/portal/" + otherPortalLink + "/actions/" + item + "/done").then().statusCode(200);
        as("admin").get("/api/actions/" + item).then().statusCode(200).body("status", equalTo("done"));
        as(null).get("/api/portal/" + forgedPortalLink()).then().statusCode(401);
    }

    @Test
    void tokensNotIssuedForTheGatewayAreRefused() throws Exception {
        String admin = Keycloak.token("admin");
        String[] parts = admin.split("\\.");
        String flippedSignature = parts[0] + "." + parts[1] + "."
                + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        String algNone = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        String escalated = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"admin\"", "\"super_admin\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        // a real Keycloak token, but for another audience: the admin-API service account's
        String secret = Files.readString(Stack.DIR.resolve("secrets/keycloak-admin-api-client-secret")).trim();
        String otherAudience = given().baseUri(Stack.keycloak()).formParam("grant_type", "client_credentials")
                .formParam("client_id", "partner-portal-admin-api").formParam("client_secret", secret)
                .when().post("/realms/partner-portal/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        for (String token : List.of(flippedSignature, algNone, escalated, otherAudience, admin.substring(0, 40))) {
            given().baseUri(Stack.gateway()).auth().oauth2(token).when().get("/api/partners")
                    .then().statusCode(401).contentType("application/problem+json");
        }
        given().baseUri(Stack.gateway()).auth().oauth2(escalated).when().get("/api/notifications/config")
                .then().statusCode(401);
    }
}

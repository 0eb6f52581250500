package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.specification.RequestSpecification;

/**
 * Real things for the fuzzer's requests to point at, so that a valid request gets past the
 * "not found" and into the service's logic: two partners (one whose links the link holders use
 * and one the admins' requests may change, archive or delete), a proposal link and a portal link
 * of the first, an event, an action item, a vault document, an access request, a template.
 */
record FuzzFixture(String linkedPartner, String targetPartner, String proposalLink, String portalLink,
        Map<String, String> ids) {

    private static final Pattern PORTAL = Pattern.compile("/portal/(p2\\.[A-Za-z0-9._-]+)");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static RequestSpecification as(String user) {
        return given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token(user)).contentType("application/json");
    }

    static FuzzFixture create() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String linked = partner("Fuzz Linked " + suffix);
        String target = partner("Fuzz Target " + suffix);
        Map<String, Object> content = Map.of("sections", Map.of("hero", "# Fuzz", "terms", "Terms."));
        // nda-service learns of a new partner from its event: the first writes wait for it
        await().atMost(WAIT).until(() -> as("admin").body(content).put("/api/partners/" + linked + "/proposal").statusCode() == 200);
        await().atMost(WAIT).until(() -> as("admin").body(content).put("/api/partners/" + target + "/proposal").statusCode() == 200);
        String proposalLink = as("admin").post("/api/partners/" + linked + "/proposal-token").then().statusCode(201)
                .extract().path("token");
        String url = as("admin").body(Map.of("recipient", "fuzz." + suffix + "@example.test"))
                .post("/api/partners/" + linked + "/portal-access").then().statusCode(202).extract().path("url");
        Matcher portal = PORTAL.matcher(url);
        if (!portal.find()) {
            throw new IllegalStateException("no portal link in " + url);
        }
        Map<String, String> ids = new HashMap<>();
        ids.put("eventId", as("admin").body(Map.of("name", "Fuzz Event " + suffix, "year", 2030))
                .post("/api/events").then().statusCode(201).extract().path("id"));
        ids.put("docId", as("admin").body(Map.of("title", "Fuzz link", "url", "https://example.test/deck", "requiresNda", false))
                .post("/api/partners/" + linked + "/documents").then().statusCode(201).extract().path("id"));
        ids.put("actionId", await().atMost(WAIT).until(() -> {
            var r = as("admin").body(Map.of("title", "Fuzz action")).post("/api/partners/" + linked + "/actions");
            return r.statusCode() == 201 ? r.path("id").toString() : null;
        }, id -> id != null));
        ids.put("requestId", given().baseUri(Stack.gateway()).contentType("application/json")
                .body(Map.of("name", "Fuzz Requester", "email", "fuzz.req." + suffix + "@example.test", "company", "Fuzz Co"))
                .post("/api/partner/register").then().statusCode(202).extract().path("id"));
        ids.put("jti", first("admin", "/api/partners/" + linked + "/proposal-tokens", "jti"));
        ids.put("entryId", first("admin", "/api/partners/" + Stack.DEMO_PARTNER + "/timeline", "id"));
        ids.put("deliveryId", first("admin", "/api/notifications/deliveries", "id"));
        ids.put("mailingId", first("admin", "/api/notifications/mailings", "id"));
        ids.put("key", first("superadmin", "/api/notifications/templates", "key"));
        ids.put("lang", "en");
        var template = given().baseUri(Stack.gateway()).get("/api/nda/template").then().statusCode(200).extract().jsonPath();
        ids.put("templateVersion", template.getString("version"));
        ids.put("textSha256", template.getString("sha256"));
        ids.put("email", "fuzz." + suffix + "@example.test");
        ids.put("reference", "NDA-2030-000001");
        return new FuzzFixture(linked, target, proposalLink, portal.group(1), ids);
    }

    private static String partner(String name) {
        return as("admin").body(Map.of("name", name, "description", "A partner the fuzzer aims its requests at.",
                "industry", "Testing", "tier", "silver", "contacts", List.of(Map.of("name", "Fuzz Contact",
                        "email", "contact." + UUID.randomUUID().toString().substring(0, 8) + "@example.test", "role", "Tester"))))
                .post("/api/partners").then().statusCode(201).extract().path("id");
    }

    /** The first item's field of a list, or a random id when the list is empty. */
    private static String first(String user, String path, String field) {
        List<Object> values = as(user).get(path).then().statusCode(200).extract().jsonPath().getList("items." + field);
        return values.isEmpty() ? UUID.randomUUID().toString() : String.valueOf(values.get(0));
    }

    /**
     * The real value of a path parameter for this caller: the partner's own id for a partner user,
     * the linked partner for a link holder, the target partner for everyone else (the partner user
     * playing {@code PARTNER_OTHER} too). The portal link is the portal holder's alone: anyone
     * else's {@code {token}} is that link with its MAC changed.
     */
    String pathValue(String name, FuzzCaller caller) {
        return switch (name) {
            case "id", "partnerId" -> switch (caller) {
                case PARTNER -> Stack.DEMO_PARTNER;
                case PROPOSAL_LINK, PORTAL_LINK -> linkedPartner;
                default -> targetPartner;
            };
            case "token" -> caller == FuzzCaller.PORTAL_LINK ? portalLink
                    : portalLink.substring(0, portalLink.length() - 1) + (portalLink.endsWith("A") ? "B" : "A");
            default -> ids.getOrDefault(name, UUID.randomUUID().toString());
        };
    }
}

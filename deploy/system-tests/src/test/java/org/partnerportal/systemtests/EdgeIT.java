package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * The edge against the real stack (issue 17): the approval e-mail's "Sign in" link leads through
 * Keycloak's login to the partner's own page; the gateway's Keycloak client may look users up but
 * neither create nor change one; and seed 001's per-address budgets hold with two gateway replicas
 * in front of the same nda-service.
 */
class EdgeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SECOND_GATEWAY = Stack.BASE + 88;
    private static Process secondGateway;

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    @AfterAll
    static void stopSecondGateway() throws InterruptedException {
        if (secondGateway != null) {
            secondGateway.destroy();
            if (!secondGateway.waitFor(30, TimeUnit.SECONDS)) {
                secondGateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // --- 1: the approval e-mail's link ---

    /**
     * A browser's cookie jar on {@code http://localhost}: browsers count localhost as a secure context
     * and send it the cookies marked {@code Secure} (Keycloak marks its login session's so), where
     * {@link CookieManager} keeps them for https only; so the attribute is dropped as they are stored.
     */
    private static final class LocalhostCookies extends CookieHandler {
        private final CookieManager jar = new CookieManager();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
            return jar.get(uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            Map<String, List<String>> stored = new HashMap<>();
            headers.forEach((name, values) -> stored.put(name, name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(c -> c.replaceAll("(?i);\\s*Secure(?=;|$)", "")).toList()
                    : values));
            jar.put(uri, stored);
        }
    }

    /** A browser without script: a cookie jar, redirects followed one by one. */
    private static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new LocalhostCookies())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        final List<String> visited = new ArrayList<>();

        /** GETs the address and follows its redirects; answers the page where they end. */
        HttpResponse<String> open(String url) throws IOException, InterruptedException {
            return follow(http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        HttpResponse<String> follow(HttpResponse<String> response) throws IOException, InterruptedException {
            visited.add(response.statusCode() + " " + response.uri());
            while (response.statusCode() / 100 == 3) {
                URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                response = http.send(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
                visited.add(response.statusCode() + " " + response.uri());
            }
            return response;
        }

        /** Fills Keycloak's login form and follows where it sends the browser. */
        HttpResponse<String> signIn(HttpResponse<String> loginPage, String username, String password)
                throws IOException, InterruptedException {
            Matcher action = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"")
                    .matcher(loginPage.body());
            if (!action.find()) {
                action = Pattern.compile("action=\"([^\"]*login-actions/authenticate[^\"]*)\"").matcher(loginPage.body());
                assertTrue(action.find(), "Keycloak's login form: " + loginPage.body());
            }
            URI target = loginPage.uri().resolve(action.group(1).replace("&amp;", "&"));
            String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
            return follow(http.send(HttpRequest.newBuilder(target).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void theApprovalMailsSignInLinkLandsTheNewPartnerSignedInOnTheirOwnPage() throws Exception {
        String email = "noor." + UUID.randomUUID().toString().substring(0, 8) + "@edge-labs.example";
        String password = "pw-" + UUID.randomUUID();
        BecomingAPartnerIT.createUser(email, password, "Noor", "Al-Saadi");
        String requestId = AccessFlowIT.register("Noor Al-Saadi", email, "Edge Labs " + email.substring(5, 13),
                "We would like to join.");
        BecomingAPartnerIT.approve(requestId);

        // the real approval e-mail, over IMAP, and its "Sign in" link: {public}/partner
        Mailbox.Mail mail = AccessFlowIT.awaitMail(email, "Demo Partner");
        Matcher link = Pattern.compile("(https?://[^\\s\"'<>]+/partner)(?![\\w/])").matcher(mail.text() + " " + mail.html());
        assertTrue(link.find(), "a sign-in link in: " + mail.text());
        assertEquals(Stack.gateway() + "/partner", link.group(1));

        Browser browser = new Browser();
        HttpResponse<String> login = browser.open(link.group(1));
        assertTrue(login.uri().toString().startsWith(Stack.keycloak() + "/realms/partner-portal/"),
                "the link leads to Keycloak's sign-in: " + browser.visited);
        HttpResponse<String> landed = browser.signIn(login, email, password);
        assertEquals(200, landed.statusCode(), browser.visited.toString());
        assertEquals(Stack.gateway() + "/me", landed.uri().toString(), browser.visited.toString());
        assertTrue(landed.body().contains("/assets/admin/me.js"), "the partner's own page");
        // signed in: the page's API calls work with the session, as the partner of the demo partner
        HttpResponse<String> me = browser.http.send(HttpRequest.newBuilder(URI.create(Stack.gateway() + "/api/partner/me"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains(Stack.DEMO_PARTNER), me.body());
        // the site's root leads there too
        assertEquals(Stack.gateway() + "/me", browser.open(Stack.gateway() + "/").uri().toString());
    }

    // --- 12: no link token in the services' spans ---

    @Test
    void theServicesExportNoPortalTokenInTheirSpans() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contact = "salma." + suffix + "@spans.example";
        String id = PartnerJourneyIT.createPartner("Edge Spans " + suffix, "Its portal link must not leave in a span.",
                "Telecom", "gold", Map.of("name", "Salma Al-Hashmi", "email", contact, "role", "Partnerships"));
        String portalUrl = await().atMost(WAIT).until(() -> PartnerJourneyIT.admin().body(Map.of("recipient", contact))
                .when().post("/api/partners/" + id + "/portal-access"), r -> r.statusCode() == 202).path("url");
        String token = portalUrl.substring(portalUrl.indexOf("/portal/") + "/portal/".length());
        // the services' server spans of these requests arrive, redacted. The requests are sent again
        // every few seconds while the spans are awaited: the claim is that such spans are exported
        // redacted, and one export a service lost (twice in CI, never reproduced) must not be read as
        // "never exported"; if none arrives in a minute, the failure lists the server spans that did
        given().baseUri(Stack.gateway()).when().get("/api/portal/" + token).then().statusCode(200);
        given().baseUri(Stack.gateway()).when().get("/api/portal/" + token + "/timeline").then().statusCode(200);
        long[] lastSent = { System.nanoTime() };
        int[] resent = { 0 };
        Runnable portalRequests = () -> {
            // sent again as they were; what they answer was checked above (a 429 of the public rate
            // class, say, only means no new span this time)
            if (System.nanoTime() - lastSent[0] > TimeUnit.SECONDS.toNanos(5)) {
                lastSent[0] = System.nanoTime();
                resent[0]++;
                given().baseUri(Stack.gateway()).when().get("/api/portal/" + token);
                given().baseUri(Stack.gateway()).when().get("/api/portal/" + token + "/timeline");
            }
        };
        for (String service : List.of("nda-service", "engagement-service")) {
            try {
                await(service + " exported the redacted server span of a portal request").atMost(WAIT)
                        .pollInterval(Duration.ofSeconds(1)).until(() -> {
                            portalRequests.run();
                            return OtlpReceiver.get().all().stream()
                                    .anyMatch(s -> s.service().equals(service) && s.attributes().values().stream()
                                            .anyMatch(v -> v.contains("/api/portal/{redacted}")));
                        });
                if (resent[0] > 0) {
                    // passed, but not with the first requests' spans: worth knowing when it happens
                    System.out.printf("EdgeIT: %s's redacted portal span arrived after the portal requests were sent %d more time(s)%n",
                            service, resent[0]);
                }
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // what did arrive from it, for the post-mortem: nothing at all, or other spans only
                List<OtlpReceiver.Span> its = OtlpReceiver.get().all().stream()
                        .filter(s -> s.service().equals(service)).toList();
                List<String> servers = its.stream().filter(s -> s.kind().equals("SPAN_KIND_SERVER"))
                        .map(s -> s.name() + " " + s.attributes().getOrDefault("url.path", "(no url.path)")).toList();
                throw new AssertionError(service + " exported " + its.size() + " spans in this run, " + servers.size()
                        + " of them server spans, the last ones: " + servers.subList(Math.max(0, servers.size() - 10), servers.size())
                        + "; its last spans of any kind: " + its.subList(Math.max(0, its.size() - 5), its.size()), e);
            }
        }
        List<OtlpReceiver.Span> leaking = OtlpReceiver.get().all().stream()
                .filter(s -> s.name().contains(token) || s.attributes().values().stream().anyMatch(v -> v.contains(token)))
                .toList();
        assertEquals(List.of(), leaking, "spans that carry the portal token");
    }

    // --- 15: the gateway's Keycloak client ---

    @Test
    void theGatewaysKeycloakClientMayLookUsersUpButNeitherCreateNorChangeThem() throws Exception {
        Map<String, String> env = gatewayEnvironment();
        String clientId = env.get("KEYCLOAK_USERS_CLIENT_ID");
        String secret = Files.readString(Path.of(env.get("KEYCLOAK_USERS_CLIENT_SECRET_FILE"))).trim();
        String token = given().baseUri(Stack.keycloak()).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret)
                .when().post("/realms/partner-portal/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        String admin = "/admin/realms/partner-portal";

        // what impersonation needs: find the user, read its attributes and roles
        String partnerId = given().baseUri(Stack.keycloak()).auth().oauth2(token)
                .queryParam("username", "partner").queryParam("exact", true).when().get(admin + "/users")
                .then().statusCode(200).extract().path("[0].id");
        given().baseUri(Stack.keycloak()).auth().oauth2(token).when().get(admin + "/users/" + partnerId)
                .then().statusCode(200);
        given().baseUri(Stack.keycloak()).auth().oauth2(token).when()
                .get(admin + "/users/" + partnerId + "/role-mappings/realm/composite").then().statusCode(200);

        // nothing more
        String email = "intruder." + UUID.randomUUID().toString().substring(0, 8) + "@edge.example";
        given().baseUri(Stack.keycloak()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("username", email, "email", email, "enabled", true))
                .when().post(admin + "/users").then().statusCode(403);
        given().baseUri(Stack.keycloak()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("email", "taken-over@edge.example"))
                .when().put(admin + "/users/" + partnerId).then().statusCode(403);
        given().baseUri(Stack.keycloak()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(List.of(Map.of("name", "super_admin")))
                .when().post(admin + "/users/" + partnerId + "/role-mappings/realm").then().statusCode(403);
        given().baseUri(Stack.keycloak()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("type", "password", "value", "a-new-password-" + UUID.randomUUID(), "temporary", false))
                .when().put(admin + "/users/" + partnerId + "/reset-password").then().statusCode(403);

        // and impersonation through the gateway works with it
        given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("superadmin"))
                .header("X-Impersonate-User", partnerId).when().get("/api/partner/me")
                .then().statusCode(200).header("X-Impersonated-User", partnerId);
    }

    // --- 15, 16: the realm as the stack's Keycloak has it ---

    @Test
    void theRunningRealmPassesVerifyRealm() throws Exception {
        Process process = new ProcessBuilder("deploy/keycloak/verify-realm", Stack.keycloak(),
                Stack.DIR.resolve("secrets").toString()).directory(Stack.REPO.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.contains("realm OK") && !out.contains("FAIL"), out);
        assertTrue(out.contains("may not create a user = 403"), out);
        assertTrue(out.contains("bruteForceProtected = true"), out);
    }

    /** The environment the local stack gives its gateway (deploy/local/lib.sh), for this stack. */
    private static Map<String, String> gatewayEnvironment() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source deploy/local/lib.sh && service_env gateway")
                .directory(Stack.REPO.toFile()).redirectErrorStream(false);
        pb.environment().putAll(Stack.environment());
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "service_env gateway");
        Map<String, String> env = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    // --- 14: the budgets hold across gateway replicas ---

    /** A second gateway on its own ports in front of the same services, as a second replica would be. */
    private static synchronized String secondGateway() throws Exception {
        String url = "http://localhost:" + SECOND_GATEWAY;
        if (secondGateway == null) {
            Map<String, String> env = gatewayEnvironment();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(SECOND_GATEWAY));
            env.put("PP_GATEWAY_MANAGEMENT_PORT", String.valueOf(SECOND_GATEWAY + 1));
            Path log = Stack.DIR.resolve("logs/gateway-2.log");
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder("java", "-Dpp.stack=" + Stack.DIR, "-Dpp.component=gateway-2",
                    "-Xmx192m", "-jar", Stack.REPO.resolve("gateway/target/quarkus-app/quarkus-run.jar").toString())
                    .directory(Stack.REPO.resolve("gateway").toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            secondGateway = pb.start();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> {
                        assertTrue(secondGateway.isAlive(), "the second gateway stopped; see " + log);
                        return given().baseUri(url).when().get("/q/health/ready").statusCode() == 200;
                    });
        }
        return url;
    }

    @Test
    void fiveUnlocksAndThreeSubmissionsAnHourPerAddressAcrossTwoGateways() throws Exception {
        List<String> gateways = List.of(Stack.gateway(), secondGateway());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String id = PartnerJourneyIT.createPartner("Edge Budget " + suffix, "Two gateways in front of one nda-service.",
                "Telecom", "gold", Map.of("name", "Maha Al-Rawahi", "email", "maha." + suffix + "@budget.example",
                        "role", "Partnerships"));
        await().atMost(WAIT).until(() -> PartnerJourneyIT.admin().body(Map.of("sections", Map.of("hero", "# Hello")))
                .when().put("/api/partners/" + id + "/proposal").statusCode() == 200);
        String token = PartnerJourneyIT.admin().body(Map.of()).when().post("/api/partners/" + id + "/proposal-token")
                .then().statusCode(201).extract().path("token");
        // one client address of its own (the tests' client is a trusted proxy of both gateways)
        String address = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 250);

        List<Integer> unlocks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            unlocks.add(given().baseUri(gateways.get(i % 2)).header("X-Forwarded-For", address)
                    .queryParam("token", token).when().get("/api/proposals/" + id).statusCode());
        }
        assertEquals(List.of(200, 200, 200, 200, 200, 429, 429, 429), unlocks,
                "5 unlocks an hour from one address, whichever gateway answers");

        List<Integer> submissions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            submissions.add(given().baseUri(gateways.get(i % 2)).header("X-Forwarded-For", address)
                    .header("X-Link-Token", token).contentType(ContentType.JSON).body("{}")
                    .when().post("/api/proposals/" + id + "/nda").statusCode());
        }
        assertEquals(List.of(400, 400, 400, 429, 429, 429), submissions,
                "3 NDA submissions an hour from one address (refused bodies count), whichever gateway answers");
    }
}

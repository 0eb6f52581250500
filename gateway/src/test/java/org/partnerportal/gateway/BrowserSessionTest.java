package org.partnerportal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * A browser signs in at the gateway (authorization-code flow with PKCE against the stand-in
 * provider), then uses the API with its session cookie: as the signed-in person, and for a
 * state-changing call only with the double-submit CSRF header. The pages send each role where it
 * belongs; /logout ends the session.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class BrowserSessionTest {

    /** A browser: a cookie jar, redirects followed by hand so that each step can be checked. */
    static final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String url) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(url)).GET());
        }

        String cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        }
    }

    static String gateway(String path) {
        return "http://localhost:" + RestAssured.port + path;
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no redirect: " + response.statusCode() + " " + response.body()));
    }

    /** Signs {@code user} in through the code flow, starting at {@code path}; answers the final page. */
    static HttpResponse<String> signIn(Browser browser, String user, String path) throws Exception {
        HttpResponse<String> start = browser.get(gateway(path));
        assertEquals(302, start.statusCode(), "an unknown browser is sent to the provider");
        String authorize = location(start);
        assertTrue(authorize.contains("code_challenge_method=S256") && authorize.contains("code_challenge="),
                "PKCE: " + authorize);
        HttpResponse<String> back = browser.get(authorize + "&user=" + user);
        HttpResponse<String> callback = browser.get(location(back));
        assertEquals(302, callback.statusCode(), "the code is exchanged, then the browser goes on: " + callback.body());
        List<String> session = callback.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("q_session_web")).toList();
        assertFalse(session.isEmpty(), "a session cookie");
        for (String c : session) {
            String lower = c.toLowerCase(Locale.ROOT);
            assertTrue(lower.contains("httponly") && lower.contains("samesite=lax"), c);
        }
        String next = location(callback);
        return browser.get(next.startsWith("http") ? next : gateway(next));
    }

    private static HttpRequest.Builder post(String path, String csrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway(path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        return csrf == null ? request : request.header("X-CSRF-Token", csrf);
    }

    @Test
    void anAdminSignsInAndCallsTheApiAsThemself() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> console = signIn(browser, "admin", "/admin/pipeline");
        assertEquals(200, console.statusCode());
        assertTrue(console.body().contains("/assets/admin/console.js"), "the console page");
        assertTrue(console.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertTrue(browser.cookie("pp-csrf") != null, "the page hands out the CSRF cookie");
        JsonPath session = JsonPath.from(browser.get(gateway("/admin/session")).body());
        assertEquals("admin@partnerportal.test", session.getString("email"));
        assertEquals(List.of("admin"), session.getList("roles"));

        HttpResponse<String> list = browser.get(gateway("/api/partners"));
        assertEquals(200, list.statusCode(), list.body());
        JsonPath echo = JsonPath.from(list.body());
        JwtClaims claims = GatewayTest.internalClaims(echo);
        assertEquals("admin-sub", claims.getSubject());
        assertEquals(List.of("admin"), claims.getStringListClaimValue("groups"));
        assertEquals("oidc", claims.getClaimValueAsString("auth"));
        assertEquals(null, echo.getString("headers.cookie"), "the browser's cookies stay at the gateway");
    }

    @Test
    void aSessionChangesStateOnlyWithTheCsrfHeader() throws Exception {
        Browser browser = new Browser();
        signIn(browser, "admin", "/admin");
        String csrf = browser.cookie("pp-csrf");

        for (String wrong : new String[] { null, "", csrf + "x" }) {
            HttpResponse<String> refused = browser.send(post("/api/partners", wrong));
            assertEquals(403, refused.statusCode(), "header " + wrong);
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            assertEquals("https://partnerportal.org/problems/csrf-token-invalid", JsonPath.from(refused.body()).getString("type"));
        }
        HttpResponse<String> accepted = browser.send(post("/api/partners", csrf));
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals("POST", JsonPath.from(accepted.body()).getString("method"));
    }

    @Test
    void aBearerClientNeedsNoCsrfHeaderAndNoSessionIsNobody() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> bearer = browser.send(post("/api/partners", null)
                .header("Authorization", "Bearer " + OidcTokens.of("admin", "admin")));
        assertEquals(200, bearer.statusCode(), bearer.body());
        assertEquals(401, browser.get(gateway("/api/partners")).statusCode());
    }

    @Test
    void aVisitorGetsAForbiddenPageNotTheConsole() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = signIn(browser, "visitor", "/admin/partners");
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("403") && !page.body().contains("console.js"), page.body());
        assertEquals(403, browser.get(gateway("/api/partners")).statusCode(), "nor the API");
    }

    @Test
    void aPartnerUserIsSentToTheirOwnPage() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = signIn(browser, "partner", "/admin");
        assertEquals(303, page.statusCode());
        assertEquals("/me", location(page));
        HttpResponse<String> me = browser.get(gateway("/me"));
        assertEquals(200, me.statusCode());
        assertTrue(me.body().contains("/assets/admin/me.js"));
        HttpResponse<String> own = browser.get(gateway("/api/partner/me"));
        assertEquals(FakeOidcProvider.PARTNER_ID, GatewayTest.internalClaims(JsonPath.from(own.body()))
                .getClaimValueAsString("partnerId"));
    }

    @Test
    void logoutEndsTheSessionAtTheProvider() throws Exception {
        Browser browser = new Browser();
        signIn(browser, "admin", "/admin");
        HttpResponse<String> logout = browser.get(gateway("/logout"));
        assertEquals(302, logout.statusCode());
        assertTrue(location(logout).contains("/logout?") && location(logout).contains("id_token_hint="),
                "RP-initiated logout: " + location(logout));
        HttpResponse<String> after = browser.get(location(logout));
        assertTrue(location(after).endsWith("/signed-out"), location(after));
        assertEquals(200, browser.get(gateway("/signed-out")).statusCode());
        assertEquals(401, browser.get(gateway("/api/partners")).statusCode(), "the session is gone");
    }

    /**
     * The approval e-mail's "Sign in" link ({@code {public}/partner}) and the site's root: an unknown
     * browser goes through sign-in, then each role lands where it belongs; the register page stays public.
     */
    @Test
    void theRootAndThePartnerLinkLeadThroughSignInToEachRolesPage() throws Exception {
        for (String entry : new String[] { "/", "/partner" }) {
            for (String[] expected : new String[][] { { "partner", "/me" }, { "admin", "/admin" },
                    { "visitor", "/partner/register" } }) {
                Browser browser = new Browser();
                HttpResponse<String> first = browser.get(gateway(entry));
                assertEquals(303, first.statusCode(), entry + ": " + first.body());
                assertEquals("/signin", location(first));
                HttpResponse<String> landed = signIn(browser, expected[0], "/signin");
                assertEquals(303, landed.statusCode(), entry + " as " + expected[0]);
                assertEquals(expected[1], location(landed), entry + " as " + expected[0]);
                // signed in, the entry points answer at once
                assertEquals(expected[1], location(browser.get(gateway(entry))));
            }
        }
        Browser partner = new Browser();
        signIn(partner, "partner", "/signin");
        HttpResponse<String> me = partner.get(gateway(location(partner.get(gateway("/partner")))));
        assertEquals(200, me.statusCode());
        assertTrue(me.body().contains("/assets/admin/me.js"), "the partner's own page");
        HttpResponse<String> register = new Browser().get(gateway("/partner/register"));
        assertEquals(200, register.statusCode(), "the access request form needs no sign-in");
        assertTrue(register.body().contains("register.js"), register.body());
    }
}

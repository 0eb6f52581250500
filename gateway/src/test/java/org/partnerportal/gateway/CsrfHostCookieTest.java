package org.partnerportal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.gateway.BrowserSessionTest.Browser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Served over HTTPS ({@code pp.gateway.secure-cookies}), the CSRF cookie is {@code __Host-pp-csrf}:
 * Secure, Path=/, no Domain, so that a sibling subdomain cannot plant one; a planted plain
 * {@code pp-csrf} cookie with the matching header no longer passes the double-submit check.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
@TestProfile(CsrfHostCookieTest.OverHttps.class)
class CsrfHostCookieTest {

    public static class OverHttps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pp.gateway.secure-cookies", "true");
        }
    }

    @Test
    void theCsrfCookieIsHostOnlyAndSecureAndOnlyItCounts() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> console = BrowserSessionTest.signIn(browser, "admin", "/admin");
        assertEquals(200, console.statusCode());
        List<String> csrfCookies = console.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.contains("pp-csrf=")).toList();
        assertEquals(1, csrfCookies.size(), console.headers().allValues("Set-Cookie").toString());
        String setCookie = csrfCookies.get(0);
        assertTrue(setCookie.startsWith("__Host-pp-csrf="), setCookie);
        String lower = setCookie.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("; secure"), setCookie);
        assertTrue(lower.contains("; path=/"), setCookie);
        assertTrue(lower.contains("samesite=strict"), setCookie);
        assertFalse(lower.contains("domain="), setCookie);
        String value = setCookie.substring("__Host-pp-csrf=".length(), setCookie.indexOf(';'));

        // a cookie planted under the plain name (from a sibling subdomain) with a header to match: refused
        String session = browser.cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().startsWith("q_session")).map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        assertFalse(session.isEmpty(), "signed in");
        HttpResponse<String> planted = send(post(session + "; pp-csrf=planted", "planted"));
        assertEquals(403, planted.statusCode(), planted.body());
        assertTrue(planted.body().contains("csrf-token-invalid"), planted.body());
        // the host cookie the page handed out, echoed in the header: accepted
        HttpResponse<String> accepted = send(post(session + "; __Host-pp-csrf=" + value, value));
        assertEquals(200, accepted.statusCode(), accepted.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Secure cookie does not travel over the test's plain HTTP by itself: the cookies are sent by hand. */
    private static HttpRequest.Builder post(String cookie, String header) {
        return HttpRequest.newBuilder(URI.create(BrowserSessionTest.gateway("/api/partners")))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .header("X-CSRF-Token", header).POST(HttpRequest.BodyPublishers.ofString("{}"));
    }
}

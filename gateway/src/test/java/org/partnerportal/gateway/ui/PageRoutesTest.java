package org.partnerportal.gateway.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.partnerportal.gateway.GatewayTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Every page path answers its HTML, and pages and assets carry the browser security headers. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class PageRoutesTest {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    private static ValidatableResponse secured(ValidatableResponse response) {
        return response.header("Content-Security-Policy", equalTo(PageRoutes.CONTENT_SECURITY_POLICY))
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY");
    }

    @Test
    void pagePathsAnswerTheirHtmlWithTheSecurityHeaders() {
        String[][] cases = {
                { "/partnership/5e7d0000-0000-4000-8000-000000000001?token=abc", "/assets/pages/proposal.js" },
                { "/sign/5e7d0000-0000-4000-8000-000000000001/nda", "/assets/pages/nda.js" },
                { "/portal/p1.abc.1.def", "/assets/pages/portal.js" },
                { "/partner/register", "/assets/pages/register.js" },
        };
        for (String[] c : cases) {
            secured(given().redirects().follow(false).when().get(c[0]).then().statusCode(200)
                    .contentType(startsWith("text/html"))
                    .header("Cache-Control", "no-store")
                    .body(containsString("<script type=\"module\" src=\"" + c[1] + "\"></script>")));
        }
    }

    @Test
    void assetsAreServedWithTheSecurityHeaders() {
        secured(given().when().get("/assets/ui.css").then().statusCode(200).contentType(startsWith("text/css")));
        for (String module : new String[] { "api.js", "dom.js", "i18n.js", "pages/proposal.js" }) {
            secured(given().when().get("/assets/" + module).then().statusCode(200)
                    .contentType(containsString("javascript")));
        }
    }

    @Test
    void otherPathsAreNotPages() {
        given().when().get("/partnership").then().statusCode(404);
        given().when().get("/sign/x/other").then().statusCode(404);
        given().when().get("/assets/missing.js").then().statusCode(404);
    }

    /** The public pages and the signed-in ones ({@link ConsolePages}): every HTML file the gateway serves. */
    private static final List<String> ALL_PAGES = Stream.concat(PageRoutes.PAGES.stream().map(PageRoutes.Page::file),
            Stream.of("admin.html", "me.html", "forbidden.html", "signed-out.html")).toList();

    @Test
    void pagesHaveNoInlineScriptOrEventHandler() {
        for (String file : ALL_PAGES) {
            String html = PageRoutes.load(file).toString(StandardCharsets.UTF_8);
            assertFalse(INLINE_SCRIPT.matcher(html).find(), file + " has an inline <script>");
            assertFalse(EVENT_HANDLER.matcher(html).find(), file + " has an inline event handler");
            assertEquals(1, html.split("<html lang=\"en\" dir=\"ltr\">", -1).length - 1, file);
        }
    }

    /** The lines every page shares come from pages/_head.html, once, inside the page's head. */
    @Test
    void everyPageHasTheSharedHeadOnce() throws IOException {
        String shared = resource("pages/_head.html").strip();
        assertTrue(shared.contains("<link rel=\"stylesheet\" href=\"/assets/ui.css\">"), shared);
        assertTrue(shared.contains("<meta name=\"referrer\" content=\"no-referrer\">"), shared);
        for (String file : ALL_PAGES) {
            String html = PageRoutes.load(file).toString(StandardCharsets.UTF_8);
            String head = html.substring(html.indexOf("<head>"), html.indexOf("</head>"));
            assertEquals(1, head.split(Pattern.quote(shared), -1).length - 1, file + ": the shared head once, in <head>");
            assertEquals(1, html.split(Pattern.quote("<meta charset=\"utf-8\">"), -1).length - 1, file);
            assertFalse(html.contains(PageRoutes.SHARED_HEAD), file + " still has the marker");
            assertTrue(head.contains("<title"), file + " has its own title");
        }
    }

    @Test
    void aPageWithoutTheMarkerIsRefused() {
        assertThrows(IllegalStateException.class, () -> PageRoutes.load("_head.html"));
        assertThrows(IllegalStateException.class, () -> PageRoutes.load("missing.html"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PageRoutesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

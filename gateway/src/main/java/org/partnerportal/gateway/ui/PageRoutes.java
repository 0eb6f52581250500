package org.partnerportal.gateway.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.partnerportal.gateway.config.GatewayConfig;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The web pages: each page path (with its path parameters, which the page's script reads from
 * {@code location}) answers one HTML file from {@code pages/} on the class path. The HTML is the
 * same for every id and token; data comes only through {@code /api/**}, so the policy table stays
 * the one place access is decided. Pages and {@code /assets/**} (shared CSS and ES modules, served
 * by Quarkus from {@code META-INF/resources/assets}) carry a strict Content-Security-Policy: no
 * inline script, no third-party origin, no framing, and no referrer, so that a token in a page's
 * address never leaks to another site.
 */
@Singleton
public class PageRoutes {

    /** Scripts, styles and fetches only from this origin; images may also be data: URLs. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** Where a page's {@code <head>} takes the lines every page shares ({@code pages/_head.html}). */
    static final String SHARED_HEAD = "<!--#shared-head-->";

    /** A page path (Vert.x syntax, {@code :name} for a parameter) and its file under {@code pages/}. */
    public record Page(String path, String file) {
    }

    /** Every page the gateway serves. */
    static final List<Page> PAGES = List.of(
            new Page("/partnership/:id", "proposal.html"),
            new Page("/sign/:id/nda", "nda.html"),
            new Page("/portal/:token", "portal.html"),
            new Page("/partner/register", "register.html"));

    private final boolean hsts;

    PageRoutes(GatewayConfig config) {
        this.hsts = config.hsts();
    }

    void install(@Observes Router router) {
        for (Page page : PAGES) {
            Buffer html = load(page.file());
            router.get(page.path()).handler(rc -> headers(rc.response())
                    .putHeader("Content-Type", "text/html;charset=UTF-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(html));
        }
        // before Quarkus' static-resource handler, which then answers the file
        router.route("/assets/*").order(-1).handler(this::assetHeaders);
    }

    private void assetHeaders(RoutingContext rc) {
        headers(rc.response());
        rc.next();
    }

    /** The headers of every page and asset (also the signed-in pages of {@link ConsolePages}). */
    HttpServerResponse headers(HttpServerResponse response) {
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY");
        if (hsts) {
            response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        return response;
    }

    /**
     * Read once at start-up, with the head every page shares ({@code pages/_head.html}: charset,
     * viewport, referrer, icon, the shared style sheet) put in place of its {@link #SHARED_HEAD}
     * marker. A missing page, or one without the marker, is a build mistake and stops the gateway.
     */
    static Buffer load(String file) {
        String html = read("pages/" + file);
        if (!html.contains(SHARED_HEAD)) {
            throw new IllegalStateException("Page pages/" + file + " has no " + SHARED_HEAD + " in its <head>");
        }
        return Buffer.buffer(html.replace(SHARED_HEAD, SharedHead.TEXT));
    }

    /** The shared head's lines, read once (the first line takes the marker's indentation). */
    private static final class SharedHead {
        static final String TEXT = read("pages/_head.html").strip();
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing page resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.partnerportal.gateway.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.partnerportal.gateway.config.GatewayConfig;
import org.partnerportal.gateway.security.Caller;
import org.partnerportal.gateway.security.Csrf;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The signed-in pages: the admin console ({@code /admin/**}, one page shell whose script draws the
 * screen the path names) and a partner user's own page ({@code /me}). quarkus-oidc has already
 * signed the person in (the paths need an authenticated session, see application.properties);
 * here the role decides what they see: an admin the console, a partner user their own page, anyone
 * else a plain 403 page, never the console. Every page gives the browser its CSRF cookie.
 */
@Singleton
public class ConsolePages {

    static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'";

    private final IdentityProviderManager identities;
    private final boolean secureCookies;
    private final String console = page("admin.html");
    private final String me = page("me.html");
    private final String forbidden = page("forbidden.html");
    private final String signedOut = page("signed-out.html");

    ConsolePages(IdentityProviderManager identities, GatewayConfig config) {
        this.identities = identities;
        this.secureCookies = config.hsts();
    }

    void install(@Observes Router router) {
        router.get("/admin").handler(rc -> signedIn(rc, true));
        router.get("/admin/*").handler(rc -> signedIn(rc, true));
        router.get("/me").handler(rc -> signedIn(rc, false));
        router.get("/signed-out").handler(rc -> send(rc, 200, signedOut));
    }

    private void signedIn(RoutingContext rc, boolean consoleAsked) {
        QuarkusHttpUser.getSecurityIdentity(rc, identities).subscribe().with(identity -> {
            Caller caller = identity == null || identity.isAnonymous() ? Caller.anonymous() : Caller.of(identity);
            if (caller.isAdmin()) {
                if (consoleAsked) {
                    Csrf.ensureCookie(rc, secureCookies);
                    send(rc, 200, console);
                } else {
                    redirect(rc, "/admin");
                }
            } else if (caller.isPartner()) {
                if (consoleAsked) {
                    redirect(rc, "/me");
                } else {
                    Csrf.ensureCookie(rc, secureCookies);
                    send(rc, 200, me);
                }
            } else {
                send(rc, 403, forbidden);
            }
        }, rc::fail);
    }

    private static void redirect(RoutingContext rc, String to) {
        headers(rc);
        rc.response().setStatusCode(303).putHeader("Location", to).end();
    }

    private static void send(RoutingContext rc, int status, String html) {
        headers(rc);
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }

    static void headers(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cache-Control", "no-store");
    }

    private static String page(String name) {
        try (InputStream in = ConsolePages.class.getResourceAsStream("/pages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("page " + name + " is not packaged");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

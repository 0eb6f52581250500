package org.partnerportal.gateway.ui;

import java.util.function.Consumer;

import org.partnerportal.gateway.config.GatewayConfig;
import org.partnerportal.gateway.security.Caller;
import org.partnerportal.gateway.security.Csrf;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The signed-in pages: the admin console ({@code /admin/**}, one page shell whose script draws the
 * screen the path names) and a partner user's own page ({@code /me}). quarkus-oidc has already
 * signed the person in (the paths need a session, see application.properties); here the role
 * decides what they see: an admin the console, a partner user their own page, anyone else a plain
 * 403 page, never the console. These pages hand out the CSRF cookie their scripts echo.
 */
@Singleton
public class ConsolePages {

    /** The portal URL partner-service mails ({@code pp.partner.portal-url}). */
    static final String PARTNER_ENTRY = "/partner";
    /** Needs a session: an unknown browser is sent to the provider's login page and back here. */
    static final String SIGN_IN = "/signin";

    private final IdentityProviderManager identities;
    private final PageRoutes pages;
    private final boolean secureCookies;
    private final Buffer console = PageRoutes.load("admin.html");
    private final Buffer me = PageRoutes.load("me.html");
    private final Buffer forbidden = PageRoutes.load("forbidden.html");
    private final Buffer signedOut = PageRoutes.load("signed-out.html");

    ConsolePages(IdentityProviderManager identities, PageRoutes pages, GatewayConfig config) {
        this.identities = identities;
        this.pages = pages;
        this.secureCookies = config.secureCookies();
    }

    void install(@Observes Router router) {
        // before /admin/*: who is signed in, for the console's script (e-mail, roles)
        router.get("/admin/session").handler(rc -> signedIn(rc, caller -> session(rc, caller)));
        router.get("/admin").handler(rc -> signedIn(rc, caller -> page(rc, caller, true)));
        router.get("/admin/*").handler(rc -> signedIn(rc, caller -> page(rc, caller, true)));
        router.get("/me").handler(rc -> signedIn(rc, caller -> page(rc, caller, false)));
        router.get("/signed-out").handler(rc -> send(rc, 200, signedOut));
        // the entry points: the site's root and the "Sign in" link of the approval e-mail (also where
        // Keycloak sends a new user after they set their password) lead to the signed-in person's page
        router.get("/").handler(rc -> signedIn(rc, caller -> entry(rc, caller)));
        router.get(PARTNER_ENTRY).handler(rc -> signedIn(rc, caller -> entry(rc, caller)));
        router.get(SIGN_IN).handler(rc -> signedIn(rc, caller -> entry(rc, caller)));
    }

    /**
     * Where each person belongs: an admin the console, a partner user their own page, anyone else
     * signed in the access request form. Nobody signed in yet goes through {@value #SIGN_IN}, the one
     * entry path that needs a session (application.properties), so the provider's login comes first.
     */
    private void entry(RoutingContext rc, Caller caller) {
        if (caller.isAnonymous()) {
            redirect(rc, SIGN_IN);
        } else if (caller.isAdmin()) {
            redirect(rc, "/admin");
        } else if (caller.isPartner()) {
            redirect(rc, "/me");
        } else {
            redirect(rc, "/partner/register");
        }
    }

    private void signedIn(RoutingContext rc, Consumer<Caller> then) {
        QuarkusHttpUser.getSecurityIdentity(rc, identities).subscribe().with(
                identity -> then.accept(identity == null || identity.isAnonymous() ? Caller.anonymous() : Caller.of(identity)),
                rc::fail);
    }

    private void page(RoutingContext rc, Caller caller, boolean consoleAsked) {
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
    }

    /** The signed-in person as the console's script needs it: no token, nothing secret. */
    private void session(RoutingContext rc, Caller caller) {
        JsonObject body = new JsonObject().put("email", caller.email()).put("partnerId", caller.partnerId())
                .put("roles", new JsonArray(caller.roles().stream().sorted().toList()));
        pages.headers(rc.response()).putHeader("Cache-Control", "no-store");
        rc.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    private void redirect(RoutingContext rc, String to) {
        pages.headers(rc.response()).putHeader("Cache-Control", "no-store");
        rc.response().setStatusCode(303).putHeader("Location", to).end();
    }

    private void send(RoutingContext rc, int status, Buffer html) {
        pages.headers(rc.response()).putHeader("Cache-Control", "no-store");
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/html;charset=UTF-8").end(html);
    }
}

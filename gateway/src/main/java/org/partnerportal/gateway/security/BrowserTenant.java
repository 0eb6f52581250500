package org.partnerportal.gateway.security;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which quarkus-oidc tenant judges a request. A request with an {@code Authorization} header is an
 * API client's: the default ({@code service}) tenant verifies its bearer token. Anything else is a
 * browser's: the {@value #ID} tenant (authorization-code flow with PKCE) knows its session cookie,
 * signs the person in on the pages that need it, and ends the session at {@code /logout}.
 */
@ApplicationScoped
public class BrowserTenant implements TenantResolver {

    /** The tenant id, which also names the session cookie ({@code q_session_web}). */
    public static final String ID = "web";

    /** Prefix of the session cookie's name (a large session may be split into chunks). */
    public static final String SESSION_COOKIE = "q_session_" + ID;

    @Override
    public String resolve(RoutingContext context) {
        return context.request().getHeader("Authorization") == null ? ID : null;
    }

    /** Whether the request carries a browser session at all (cheap: no decryption). */
    public static boolean hasSession(RoutingContext context) {
        String cookies = context.request().getHeader("Cookie");
        return cookies != null && cookies.contains(SESSION_COOKIE);
    }
}

package org.partnerportal.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * Double-submit CSRF protection for calls authenticated by the browser session. The session cookie
 * travels with any request the browser makes, even one a foreign page triggers; the {@value #COOKIE}
 * cookie's value can only be read by a script of this origin, which echoes it in the
 * {@value #HEADER} header. A state-changing call whose header does not equal the cookie is refused.
 */
public final class Csrf {

    public static final String COOKIE = "pp-csrf";
    public static final String HEADER = "X-CSRF-Token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** Whether this method changes state, and so must prove it comes from one of our pages. */
    public static boolean guards(String method) {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    /** Whether the header repeats the cookie (compared in constant time); false when either is missing. */
    public static boolean verified(RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(COOKIE);
        String header = rc.request().getHeader(HEADER);
        if (cookie == null || header == null || cookie.getValue().isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(cookie.getValue().getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Gives the browser a CSRF cookie unless it has one: readable by our scripts (not HttpOnly),
     * sent only to this site ({@code SameSite=Strict}), {@code Secure} when {@code secure}.
     */
    public static void ensureCookie(RoutingContext rc, boolean secure) {
        if (rc.request().getCookie(COOKIE) != null) {
            return;
        }
        byte[] value = new byte[32];
        RANDOM.nextBytes(value);
        rc.response().addCookie(Cookie.cookie(COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(value))
                .setPath("/").setSameSite(CookieSameSite.STRICT).setSecure(secure).setHttpOnly(false));
    }
}

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
 * <p>
 * Served over HTTPS ({@code pp.gateway.secure-cookies}) the cookie is {@value #HOST_COOKIE}: the
 * {@code __Host-} prefix makes the browser accept it only with {@code Secure}, {@code Path=/} and no
 * {@code Domain}, from this very host, so a sibling subdomain cannot plant a value of its own (cookie
 * tossing) and then pass the double-submit check with it; only that name is read then. Over plain
 * HTTP (the local stack) a browser may refuse a {@code Secure} cookie, so the cookie is {@value #COOKIE}.
 */
public final class Csrf {

    /** The cookie over plain HTTP. */
    public static final String COOKIE = "pp-csrf";
    /** The cookie over HTTPS: host-only and Secure, enforced by the browser. */
    public static final String HOST_COOKIE = "__Host-pp-csrf";
    public static final String HEADER = "X-CSRF-Token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** Whether this method changes state, and so must prove it comes from one of our pages. */
    public static boolean guards(String method) {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    /** The cookie's name: {@value #HOST_COOKIE} when cookies are {@code secure}, else {@value #COOKIE}. */
    public static String cookieName(boolean secure) {
        return secure ? HOST_COOKIE : COOKIE;
    }

    /**
     * Whether the header repeats the cookie (compared in constant time); false when either is missing.
     * With {@code secure} cookies only the {@value #HOST_COOKIE} cookie counts.
     */
    public static boolean verified(RoutingContext rc, boolean secure) {
        Cookie cookie = rc.request().getCookie(cookieName(secure));
        String header = rc.request().getHeader(HEADER);
        if (cookie == null || header == null || cookie.getValue().isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(cookie.getValue().getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Gives the browser a CSRF cookie unless it has one: readable by our scripts (not HttpOnly),
     * sent only to this site ({@code SameSite=Strict}), for every path, never for a domain, and with
     * {@code secure} cookies {@value #HOST_COOKIE} and {@code Secure}.
     */
    public static void ensureCookie(RoutingContext rc, boolean secure) {
        String name = cookieName(secure);
        if (rc.request().getCookie(name) != null) {
            return;
        }
        byte[] value = new byte[32];
        RANDOM.nextBytes(value);
        rc.response().addCookie(Cookie.cookie(name, Base64.getUrlEncoder().withoutPadding().encodeToString(value))
                .setPath("/").setSameSite(CookieSameSite.STRICT).setSecure(secure).setHttpOnly(false));
    }
}

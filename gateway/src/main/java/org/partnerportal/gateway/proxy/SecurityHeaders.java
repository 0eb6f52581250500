package org.partnerportal.gateway.proxy;

import io.vertx.core.http.HttpServerResponse;

/** Headers every answer of the API carries, whichever service produced it. */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static void apply(HttpServerResponse response, boolean hsts) {
        response.putHeader("X-Content-Type-Options", "nosniff");
        response.putHeader("X-Frame-Options", "DENY");
        response.putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.putHeader("Referrer-Policy", "no-referrer");
        response.putHeader("Cache-Control", "no-store");
        if (hsts) {
            response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }
}

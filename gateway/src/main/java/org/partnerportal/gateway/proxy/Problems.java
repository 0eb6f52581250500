package org.partnerportal.gateway.proxy;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The gateway's own answers, in the same problem+json contract as the services'. */
final class Problems {

    private static final String TYPE_BASE = "https://partnerportal.org/problems/";

    private Problems() {
    }

    static void send(RoutingContext rc, int status, String slug, String title, String detail) {
        if (rc.response().ended() || rc.response().headWritten()) {
            return;
        }
        JsonObject body = new JsonObject().put("type", TYPE_BASE + slug).put("title", title).put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json");
        if (status == 401) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
        }
        rc.response().end(body.encode());
    }
}

package org.partnerportal.gateway.proxy;

import java.net.URI;
import java.net.URISyntaxException;

import org.partnerportal.gateway.config.GatewayConfig;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * A request whose URI is not valid — a broken percent-escape ({@code /api/partners/%ZZ}), a raw
 * space — gets a problem+json {@code 400} before any route looks at its path. Quarkus's HTTP layer
 * makes the same check ({@code new URI(uri)}) before the router and answers with a bare 400;
 * {@link org.partnerportal.gateway.config.GatewayMain} switches that one off so that this one
 * answers, in the contract of every other error.
 */
@Singleton
public class MalformedUris {

    private final GatewayConfig config;

    MalformedUris(GatewayConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        // first of all routes: a route with a path would already fail to decode this one's
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    void check(RoutingContext rc) {
        try {
            new URI(rc.request().uri());
        } catch (URISyntaxException e) {
            SecurityHeaders.apply(rc.response(), config.hsts());
            Problems.send(rc, 400, "malformed-uri", "Malformed URI",
                    "The path or query holds a broken percent-escape or a character that must be percent-encoded.");
            return;
        }
        rc.next();
    }
}

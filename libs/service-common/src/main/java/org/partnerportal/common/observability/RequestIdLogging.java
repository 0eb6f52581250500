package org.partnerportal.common.observability;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Puts the gateway's {@code X-Request-Id} into the logging context of every request, so each log
 * line of the request carries it ({@code requestId}) next to the trace and span ids that
 * OpenTelemetry adds. Quarkus keeps the MDC per request (on the request's Vert.x context), so
 * nothing leaks between requests that share a thread.
 */
@ApplicationScoped
public class RequestIdLogging {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            String id = rc.request().getHeader(HEADER);
            if (id != null) {
                MDC.put(MDC_KEY, id);
            }
            rc.next();
        });
    }
}

package org.partnerportal.common.audit;

import java.util.Date;
import java.util.UUID;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.partnerportal.common.observability.RequestIdLogging;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The durable record of every request a super admin made while impersonating a partner user. The
 * gateway owns nothing durable, so the service that answers keeps it: when the verified internal
 * JWT carries {@code impersonatedBy}, one row goes into this service's {@code impersonationAudit}
 * collection once the answer is sent (who acted, as whom, for which partner, method, path, status,
 * request id). The gateway lets impersonation read only, so these rows are reads; a row that
 * cannot be written is logged as an error, never silently dropped.
 */
@ApplicationScoped
public class ImpersonationAudit {

    public static final String COLLECTION = "impersonationAudit";
    public static final String CLAIM = "impersonatedBy";
    private static final Logger LOG = Logger.getLogger(ImpersonationAudit.class);

    private final ReactiveMongoClient mongo;
    private final String database;

    ImpersonationAudit(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.mongo = mongo;
        this.database = database;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            rc.addEndHandler(done -> record(rc));
            rc.next();
        });
    }

    private void record(RoutingContext rc) {
        if (!(rc.user() instanceof QuarkusHttpUser user)) {
            return;
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        Object actor = jwt.getClaim(CLAIM);
        if (actor == null || actor.toString().isBlank()) {
            return;
        }
        Document row = new Document("_id", UUID.randomUUID().toString()).append("at", new Date())
                .append("impersonatedBy", actor.toString()).append("subject", jwt.getSubject())
                .append("partnerId", jwt.getClaim("partnerId") == null ? null : jwt.getClaim("partnerId").toString())
                .append("method", rc.request().method().name()).append("path", rc.request().path())
                .append("status", rc.response().getStatusCode())
                .append("requestId", rc.request().getHeader(RequestIdLogging.HEADER));
        mongo.getDatabase(database).getCollection(COLLECTION).insertOne(row).subscribe().with(
                ok -> LOG.debugf("impersonation audited: %s as %s %s %s", actor, jwt.getSubject(), row.get("method"), row.get("path")),
                failure -> LOG.errorf(failure, "Could not write the impersonation audit row of %s as %s %s %s", actor,
                        jwt.getSubject(), row.get("method"), row.get("path")));
    }
}

package org.partnerportal.gateway.proxy;

import java.net.ConnectException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.partnerportal.gateway.config.GatewayConfig;
import org.partnerportal.gateway.policy.Access;
import org.partnerportal.gateway.policy.PolicyTable;
import org.partnerportal.gateway.security.BrowserTenant;
import org.partnerportal.gateway.security.Caller;
import org.partnerportal.gateway.security.Csrf;
import org.partnerportal.gateway.edge.CircuitBreakers;
import org.partnerportal.gateway.edge.RateLimiter;
import org.partnerportal.gateway.observability.GatewayMetrics;
import org.partnerportal.gateway.security.InternalTokenIssuer;
import org.partnerportal.gateway.security.LinkVerifier;
import org.partnerportal.gateway.security.PartnerUsers;
import org.partnerportal.gateway.security.VerifiedTokens;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The gateway's one route: every {@code /api/**} request is matched against the {@link PolicyTable},
 * its credential verified (OIDC bearer token, lazily, so public paths need none), the rule
 * enforced, and the request streamed to the owning service with the caller's identity carried
 * by a short-lived internal JWT in place of the original credential.
 */
@Singleton
public class ProxyHandler {

    private static final Logger LOG = Logger.getLogger(ProxyHandler.class);

    static final String REQUEST_ID = "X-Request-Id";
    /** The request id in the logging context, the same key the services use. */
    static final String REQUEST_ID_MDC = "requestId";
    static final String IMPERSONATE = "X-Impersonate-User";
    /** What an impersonating super admin may send: reads. */
    static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD");
    static final String LINK_TOKEN = "X-Link-Token";
    /** The query parameter of a proposal link. */
    static final String LINK_TOKEN_PARAM = "token";

    /** Who did what as whom: a separate category so that it can be routed to an audit sink. */
    private static final Logger AUDIT = Logger.getLogger("partnerportal.audit");

    /** Never forwarded in either direction: they describe one connection, not the message. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");

    /** Request headers a client must not be able to set: the gateway alone speaks them. */
    private static final Set<String> GATEWAY_OWNED = Set.of("authorization", "cookie", "x-forwarded-for",
            "x-forwarded-proto", "x-forwarded-host", "x-real-ip", "x-impersonate-user", "x-impersonated-by", "x-link-token");

    private final GatewayConfig config;
    private final InternalTokenIssuer tokens;
    private final Vertx vertx;
    private final IdentityProviderManager identities;
    private final LinkVerifier links;
    private final RateLimiter rateLimiter;
    private final CircuitBreakers circuits;
    private final PartnerUsers partnerUsers;
    private final VerifiedTokens verified;
    private final GatewayMetrics metrics;
    private final TrustedProxies trustedProxies;
    private HttpClient client;

    ProxyHandler(GatewayConfig config, InternalTokenIssuer tokens, Vertx vertx, IdentityProviderManager identities,
            LinkVerifier links, RateLimiter rateLimiter, CircuitBreakers circuits, PartnerUsers partnerUsers,
            VerifiedTokens verified, GatewayMetrics metrics, TrustedProxies trustedProxies) {
        this.config = config;
        this.tokens = tokens;
        this.vertx = vertx;
        this.identities = identities;
        this.links = links;
        this.rateLimiter = rateLimiter;
        this.circuits = circuits;
        this.partnerUsers = partnerUsers;
        this.verified = verified;
        this.metrics = metrics;
        this.trustedProxies = trustedProxies;
    }

    void install(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setConnectTimeout((int) Math.min(config.timeout().toMillis(), 5_000)));
        vertx.setPeriodic(60_000, id -> rateLimiter.evictIdle());
        router.route("/api/*").handler(this::handle);
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // hold the body until the caller is known: it is streamed to the service afterwards
        request.pause();
        String requestId = requestId(request);
        // every log line of this request carries its id (the MDC lives on the request's Vert.x context)
        MDC.put(REQUEST_ID_MDC, requestId);
        HttpServerResponse response = rc.response();
        response.putHeader(REQUEST_ID, requestId);
        SecurityHeaders.apply(response, config.hsts());

        String path = request.path();
        if (PolicyTable.unsafePath(path)) {
            // ".", ".." (also percent-encoded) or an encoded slash: once the service decoded and
            // normalised the path, it would name another resource than the one a rule is decided for
            measure(rc, Optional.empty());
            Problems.send(rc, 400, "bad-path", "Bad request",
                    "A path segment may not be '.' or '..' or hold an encoded slash.");
            return;
        }
        Optional<PolicyTable.Match> match = PolicyTable.match(request.method().name(), path);
        measure(rc, match);
        if (match.isEmpty()) {
            if (PolicyTable.pathKnown(path)) {
                Problems.send(rc, 405, "method-not-allowed", "Method not allowed",
                        request.method().name() + " is not supported on this path.");
            } else {
                Problems.send(rc, 404, "not-found", "Not found", "No API at this path.");
            }
            return;
        }
        String contentLength = request.getHeader("Content-Length");
        if (contentLength != null && parseLength(contentLength) > config.maxBodyBytes()) {
            Problems.send(rc, 413, "payload-too-large", "Payload too large",
                    "The body is larger than " + config.maxBodyBytes() + " bytes.");
            return;
        }
        PolicyTable.Match m = match.get();
        String clientIp = ClientAddress.resolve(request, trustedProxies);
        RateLimiter.Decision budget = rateLimiter.acquire(m.rule().rate(), clientIp);
        if (!budget.allowed()) {
            metrics.refused(m.rule().rate());
            response.putHeader("Retry-After", String.valueOf(budget.retryAfter().toSeconds()));
            Problems.send(rc, 429, "too-many-requests", "Too many requests",
                    "Too many requests of this kind from your address; try again in "
                            + budget.retryAfter().toSeconds() + " seconds.");
            return;
        }
        identify(rc, m).chain(caller -> impersonate(rc, caller, requestId)).subscribe().with(
                caller -> {
                    Optional<Refusal> refusal = authorize(caller, m);
                    if (refusal.isPresent()) {
                        refusal.get().send(rc);
                    } else {
                        forward(rc, m.rule(), caller, requestId, clientIp, budget);
                    }
                },
                failure -> {
                    if (failure instanceof AuthenticationFailedException) {
                        Problems.send(rc, 401, "unauthorized", "Unauthorized",
                                "The credential is missing, expired or not valid here.");
                    } else if (failure instanceof ProblemFailure p) {
                        Problems.send(rc, p.status, p.slug, p.title, p.getMessage());
                    } else {
                        LOG.errorf(failure, "Identifying the caller failed unexpectedly [requestId=%s]", requestId);
                        Problems.send(rc, 500, "internal-error", "Internal error", "Reference " + requestId + ".");
                    }
                });
    }

    /** Records the request in {@link GatewayMetrics} when its response ends, whoever answered it. */
    private void measure(RoutingContext rc, Optional<PolicyTable.Match> match) {
        long start = System.nanoTime();
        String method = rc.request().method().name();
        String route = match.map(m -> m.rule().template()).orElse(GatewayMetrics.UNMATCHED);
        String service = match.map(m -> m.rule().service()).orElse("none");
        rc.addEndHandler(done -> metrics.request(method, route, service, rc.response().getStatusCode(),
                System.nanoTime() - start));
    }

    /** A refusal decided while identifying the caller (impersonation rules). */
    static final class ProblemFailure extends RuntimeException {
        final int status;
        final String slug;
        final String title;

        ProblemFailure(int status, String slug, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.slug = slug;
            this.title = title;
        }
    }

    /**
     * A super admin may see what a partner user sees ({@code X-Impersonate-User: <user id>}); nobody
     * else. Reads only: a write while impersonating is refused ({@code 403 impersonation-read-only})
     * before anything is forwarded, so no record ever names the partner user for what staff did.
     * Every such request is audit-logged here with both identities and marked in the response; the
     * service that answers keeps the durable audit row (its {@code impersonationAudit} collection,
     * from the internal JWT's {@code impersonatedBy}).
     */
    private Uni<Caller> impersonate(RoutingContext rc, Caller caller, String requestId) {
        String target = rc.request().getHeader(IMPERSONATE);
        if (target == null) {
            return Uni.createFrom().item(caller);
        }
        if (caller.isAnonymous()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("impersonation needs a sign-in"));
        }
        if (!caller.isSuperAdmin() || !"oidc".equals(caller.authMethod())) {
            return Uni.createFrom().failure(new ProblemFailure(403, "impersonation-forbidden", "Forbidden",
                    "Only a super admin may act as another user."));
        }
        if (!SAFE_METHODS.contains(rc.request().method().name())) {
            return Uni.createFrom().failure(new ProblemFailure(403, "impersonation-read-only", "Forbidden",
                    "Impersonation shows what the partner user sees; it cannot change anything. Act as yourself."));
        }
        if (!target.matches("[A-Za-z0-9-]{1,64}")) {
            return Uni.createFrom().failure(new ProblemFailure(400, "bad-request", "Bad request",
                    IMPERSONATE + " must be a user id."));
        }
        if (!partnerUsers.configured()) {
            return Uni.createFrom().failure(new ProblemFailure(503, "impersonation-unavailable",
                    "Service unavailable", "Impersonation needs the identity provider's admin API, which is not configured."));
        }
        return partnerUsers.find(target).map(found -> {
            PartnerUsers.PartnerUser user = found.orElseThrow(() -> new ProblemFailure(422, "not-impersonable",
                    "Cannot impersonate", "There is no enabled partner user with id " + target + "."));
            Caller as = caller.impersonating(user.id(), user.email(), user.partnerId());
            HttpServerRequest in = rc.request();
            rc.response().putHeader("X-Impersonated-User", user.id());
            rc.addEndHandler(done -> AUDIT.infof("impersonation actor=%s as=%s partnerId=%s %s %s -> %d [requestId=%s]",
                    caller.subject(), user.id(), user.partnerId(), in.method(), in.path(),
                    rc.response().getStatusCode(), requestId));
            return as;
        });
    }

    /** The verified caller; anonymous when no credential came with the request. */
    private Uni<Caller> identify(RoutingContext rc, PolicyTable.Match m) {
        Access access = m.rule().access();
        if (access == Access.PROPOSAL) {
            String token = rc.request().getParam(LINK_TOKEN_PARAM);
            if (token == null) {
                token = rc.request().getHeader(LINK_TOKEN);
            }
            return link(links.proposal(token, m.params().get("id")));
        }
        if (access == Access.PORTAL) {
            return link(links.portal(m.params().get("token")));
        }
        String authorization = rc.request().getHeader("Authorization");
        if (authorization == null) {
            // a browser signed in at the gateway; public paths need nobody, so its session is not read there
            return access != Access.PUBLIC && BrowserTenant.hasSession(rc) ? session(rc)
                    : Uni.createFrom().item(Caller.anonymous());
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() < 8) {
            return Uni.createFrom().failure(new AuthenticationFailedException("not a bearer credential"));
        }
        String bearer = authorization.substring(7).trim();
        Optional<Caller> known = verified.get(bearer);
        if (known.isPresent()) {
            return Uni.createFrom().item(known.get());
        }
        // verified by quarkus-oidc (signature against the provider's keys, issuer, audience, expiry)
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new AccessTokenCredential(bearer));
        HttpSecurityUtils.setRoutingContextAttribute(request, rc);
        return identities.authenticate(request).map(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return failUnauthenticated();
            }
            Caller caller = Caller.of(identity);
            verified.put(bearer, identity, caller);
            return caller;
        });
    }

    /**
     * The person of the browser session (quarkus-oidc's {@value BrowserTenant#ID} tenant reads the
     * cookie). The cookie comes with any request the browser makes, so a state-changing call must
     * also prove that one of our pages made it: the double-submit CSRF header.
     */
    private Uni<Caller> session(RoutingContext rc) {
        return QuarkusHttpUser.getSecurityIdentity(rc, identities).map(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return Caller.anonymous();
            }
            boolean secure = config.secureCookies();
            if (Csrf.guards(rc.request().method().name()) && !Csrf.verified(rc, secure)) {
                throw new ProblemFailure(403, "csrf-token-invalid", "Forbidden", "A signed-in browser must send the "
                        + Csrf.HEADER + " header equal to the " + Csrf.cookieName(secure)
                        + " cookie; reload the page and try again.");
            }
            return Caller.of(identity);
        });
    }

    private static Uni<Caller> link(Optional<Caller> holder) {
        return holder.map(c -> Uni.createFrom().item(c))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("link not accepted")));
    }

    private static Caller failUnauthenticated() {
        throw new AuthenticationFailedException("credential not accepted");
    }

    record Refusal(int status, String slug, String title, String detail) {
        void send(RoutingContext rc) {
            Problems.send(rc, status, slug, title, detail);
        }
    }

    static Optional<Refusal> authorize(Caller caller, PolicyTable.Match match) {
        Access access = match.rule().access();
        if (access == Access.PUBLIC) {
            return Optional.empty();
        }
        if (access == Access.PROPOSAL || access == Access.PORTAL) {
            // identify() admitted only a holder of the right link for this path
            return Optional.empty();
        }
        if (caller.isAnonymous()) {
            return Optional.of(new Refusal(401, "unauthorized", "Unauthorized", "Sign in to use this API."));
        }
        boolean allowed = switch (access) {
            case PUBLIC, PROPOSAL, PORTAL -> true;
            case ADMIN -> caller.isAdmin();
            case SUPER_ADMIN -> caller.isSuperAdmin();
            case PARTNER -> caller.isPartner();
            case ADMIN_OR_PARTNER -> caller.isAdmin() || caller.isPartner();
            case ADMIN_OR_OWN_PARTNER -> caller.isAdmin() || caller.isPartner();
        };
        if (!allowed) {
            return Optional.of(new Refusal(403, "forbidden", "Forbidden", "Your role does not allow this request."));
        }
        if (access == Access.ADMIN_OR_OWN_PARTNER && !caller.isAdmin()
                && !caller.partnerId().equals(match.params().get("id"))) {
            // another partner's data: answer as if it did not exist, so that ids do not leak
            return Optional.of(new Refusal(404, "not-found", "Not found", "No such partner."));
        }
        return Optional.empty();
    }

    private void forward(RoutingContext rc, PolicyTable.Rule rule, Caller caller, String requestId, String clientIp,
            RateLimiter.Decision budget) {
        HttpServerRequest in = rc.request();
        String service = rule.service();
        // public and token-link callers have a circuit of their own: what anonymous traffic does to a
        // service never pauses it for the signed-in people who work with it
        String circuit = CircuitBreakers.circuit(service, rule.access().isPublic());
        if (!circuits.allow(circuit)) {
            rateLimiter.giveBack(budget);
            rc.response().putHeader("Retry-After", String.valueOf(circuits.retryAfterSeconds()));
            Problems.send(rc, 503, "service-unavailable", "Service unavailable",
                    "The " + service + " is failing; calls are paused briefly. Reference " + requestId + ".");
            return;
        }
        URI base = URI.create(config.services().get(service));
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setHost(base.getHost())
                .setPort(base.getPort())
                .setURI(forwardedUri(in))
                .setIdleTimeout(config.timeout().toMillis());
        MultiMap headers = options.getHeaders() == null ? MultiMap.caseInsensitiveMultiMap() : options.getHeaders();
        in.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !GATEWAY_OWNED.contains(name)) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        if (in.headers().contains("Transfer-Encoding")) {
            headers.set("Transfer-Encoding", "chunked");
        }
        if (caller.impersonatedBy() != null) {
            headers.set("X-Impersonated-By", caller.impersonatedBy());
        }
        headers.set("Authorization", "Bearer " + tokens.tokenFor(caller, service));
        headers.set(REQUEST_ID, requestId);
        headers.set("X-Real-IP", clientIp);
        headers.set("X-Forwarded-For", ClientAddress.forwardedFor(in, trustedProxies));
        headers.set("X-Forwarded-Proto", in.scheme());
        if (in.authority() != null) {
            headers.set("X-Forwarded-Host", in.authority().toString());
        }
        options.setHeaders(headers);

        client.request(options)
                .compose(out -> sendBody(in, out))
                .onSuccess(upstream -> {
                    circuits.succeeded(circuit);
                    relay(rc, upstream);
                })
                .onFailure(failure -> {
                    if (hasBody(in) && !in.isEnded() && !isConnectFailure(failure)) {
                        // the call was under way but the client had not sent its whole body: its own
                        // slowness (or departure), which says nothing about the service and must not
                        // pause it for everybody else
                        circuits.released(circuit);
                        clientTooSlow(rc, service, requestId, failure);
                        return;
                    }
                    // a timeout, a refused connection, or one reset or closed before the answer: every
                    // such end of a call the client completed counts against the service (and ends a trial)
                    circuits.failed(circuit);
                    if (isConnectFailure(failure)) {
                        // no connection, so the request never reached the service: the caller's
                        // budget is not spent on our outage
                        rateLimiter.giveBack(budget);
                    }
                    upstreamFailed(rc, service, requestId, failure);
                });
    }

    private static void clientTooSlow(RoutingContext rc, String service, String requestId, Throwable failure) {
        LOG.infof("The client did not send its request body to %s in time (%s) [requestId=%s]", service,
                failure.toString(), requestId);
        if (!rc.response().closed()) {
            rc.response().putHeader("Connection", "close");
            Problems.send(rc, 408, "request-timeout", "Request timeout",
                    "The request body did not arrive in time. Reference " + requestId + ".");
        }
    }

    /**
     * The request URI the service gets: the path as it came, the query rebuilt from its decoded
     * parameters without {@code token}. Rebuilt, not filtered as text, so that no spelling of the
     * name ({@code %74oken}, {@code t%6Fken}) that the gateway read as the link token travels further.
     */
    static String forwardedUri(HttpServerRequest in) {
        if (in.query() == null) {
            return in.path();
        }
        // the very parameters the gateway read the link token from (getParam), so both agree on the name
        QueryStringEncoder rebuilt = new QueryStringEncoder(in.path());
        in.params().forEach(p -> {
            if (!LINK_TOKEN_PARAM.equalsIgnoreCase(p.getKey())) {
                rebuilt.addParam(p.getKey(), p.getValue());
            }
        });
        return rebuilt.toString();
    }

    private static boolean isConnectFailure(Throwable failure) {
        return failure instanceof ConnectException || failure.getCause() instanceof ConnectException;
    }

    private static io.vertx.core.Future<HttpClientResponse> sendBody(HttpServerRequest in, HttpClientRequest out) {
        if (!hasBody(in)) {
            in.resume();
            return out.send();
        }
        return out.send(in);
    }

    private static boolean hasBody(HttpServerRequest in) {
        return !(in.method() == HttpMethod.GET || in.method() == HttpMethod.HEAD
                || in.method() == HttpMethod.DELETE && in.getHeader("Content-Length") == null);
    }

    private static void relay(RoutingContext rc, HttpClientResponse upstream) {
        HttpServerResponse out = rc.response();
        if (out.ended() || out.closed()) {
            abandoned(upstream);
            return;
        }
        out.setStatusCode(upstream.statusCode());
        upstream.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(h.getKey(), h.getValue());
            }
        });
        if (upstream.getHeader("Content-Length") == null) {
            out.setChunked(true);
        }
        upstream.pipeTo(out);
    }

    /** Beyond this, an answer nobody waits for is cut off (its connection closed) rather than read to its end. */
    private static final long DRAIN_LIMIT_BYTES = 1L << 20;

    /**
     * The caller left before the service answered. A short answer is read to its end and dropped,
     * so that its connection goes back to the pool whole: a reset closes an HTTP/1.1 connection,
     * and once the answer has arrived that connection may already carry the next call, which then
     * fails with a 502. A long or streamed answer (a download) is cut off instead.
     */
    private static void abandoned(HttpClientResponse upstream) {
        String length = upstream.getHeader("Content-Length");
        boolean shortAnswer = false;
        if (length != null) {
            try {
                shortAnswer = Long.parseLong(length.trim()) <= DRAIN_LIMIT_BYTES;
            } catch (NumberFormatException e) {
                // a length that is no number: cut off
            }
        }
        if (shortAnswer) {
            upstream.exceptionHandler(e -> LOG.debugf("An answer nobody waited for ended early: %s", e.toString()));
            upstream.end();
        } else {
            upstream.request().reset();
        }
    }

    private static void upstreamFailed(RoutingContext rc, String service, String requestId, Throwable failure) {
        if (isTimeout(failure)) {
            LOG.warnf("%s did not answer in time [requestId=%s]", service, requestId);
            Problems.send(rc, 504, "upstream-timeout", "Gateway timeout",
                    "The " + service + " did not answer in time. Reference " + requestId + ".");
        } else if (isConnectFailure(failure)) {
            LOG.warnf("%s is unreachable: %s [requestId=%s]", service, failure.getMessage(), requestId);
            Problems.send(rc, 503, "service-unavailable", "Service unavailable",
                    "The " + service + " is not reachable. Reference " + requestId + ".");
        } else {
            LOG.warnf("Call to %s failed: %s [requestId=%s]", service, failure.toString(), requestId);
            Problems.send(rc, 502, "bad-gateway", "Bad gateway",
                    "The call to " + service + " failed. Reference " + requestId + ".");
        }
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String requestId(HttpServerRequest request) {
        String given = request.getHeader(REQUEST_ID);
        // accept a caller's id only when it is short and harmless, so it can be logged as is
        if (given != null && given.matches("[A-Za-z0-9._-]{8,64}")) {
            return given;
        }
        return UUID.randomUUID().toString();
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

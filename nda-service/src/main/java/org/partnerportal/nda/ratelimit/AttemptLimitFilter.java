package org.partnerportal.nda.ratelimit;

import java.time.Clock;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.partnerportal.common.problem.Problem;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * Seed 001's limits on what a proposal-link holder may try (5 proposal unlocks and 3 NDA
 * submissions an hour per client address), counted in this service's store by {@link AttemptSlots}
 * so that they hold across gateway replicas; each gateway keeps its own per-replica count as a first
 * line. Every attempt counts (as at the gateway), one whose link or body is then refused included:
 * the filter runs before the resource. The address is the gateway's {@code X-Real-IP}; a request
 * without it did not come through the gateway (nothing else is let in) and is not counted.
 * Past the budget: {@code 429} problem+json with {@code Retry-After}, as the gateway answers.
 */
@Singleton
public class AttemptLimitFilter {

    private static final Pattern PROPOSAL = Pattern.compile("^/?api/proposals/[^/]+/?$");
    private static final Pattern NDA = Pattern.compile("^/?api/proposals/[^/]+/nda/?$");

    private final AttemptSlots slots;
    private final Clock clock;
    private final AttemptLimit unlock;
    private final AttemptLimit submit;

    AttemptLimitFilter(AttemptSlots slots, Clock clock,
            @ConfigProperty(name = "pp.attempt-limits.proposal-unlock", defaultValue = "5/PT1H") String unlock,
            @ConfigProperty(name = "pp.attempt-limits.nda-submit", defaultValue = "3/PT1H") String submit) {
        this.slots = slots;
        this.clock = clock;
        this.unlock = AttemptLimit.parse(unlock);
        this.submit = AttemptLimit.parse(submit);
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        String address = request.getHeaderString("X-Real-IP");
        if (address == null || address.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        String path = request.getUriInfo().getPath();
        String kind;
        AttemptLimit limit;
        if ("GET".equals(request.getMethod()) && PROPOSAL.matcher(path).matches()) {
            kind = "proposal-unlock";
            limit = unlock;
        } else if ("POST".equals(request.getMethod()) && NDA.matcher(path).matches()) {
            kind = "nda-submit";
            limit = submit;
        } else {
            return Uni.createFrom().nullItem();
        }
        return slots.acquire(kind, address.trim(), limit, clock.instant()).map(decision -> {
            if (decision.allowed()) {
                return null;
            }
            long seconds = Math.max(1, decision.retryAfter().toSeconds());
            Response refused = Problem.of(429, "too-many-requests", "Too many requests",
                    "Too many requests of this kind from your address; try again in " + seconds + " seconds.")
                    .toResponse();
            return Response.fromResponse(refused).header("Retry-After", String.valueOf(seconds)).build();
        });
    }
}

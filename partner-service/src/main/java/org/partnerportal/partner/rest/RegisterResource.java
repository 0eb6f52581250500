package org.partnerportal.partner.rest;

import org.partnerportal.partner.rest.AccessRequestDtos.RegisterAccepted;
import org.partnerportal.partner.rest.AccessRequestDtos.RegisterRequest;
import org.partnerportal.partner.service.AccessRequestService;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The register-path exemption: the gateway lets anybody reach this path and still calls it with
 * its internal JWT (subject {@code anonymous} for a caller without sign-in).
 */
@Path("/api/partner/register")
@Authenticated
public class RegisterResource {

    private final AccessRequestService service;

    RegisterResource(AccessRequestService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> register(@Valid @NotNull RegisterRequest body) {
        return service.register(new AccessRequestService.Registration(body.name(), body.email(), body.company(),
                body.partnerId(), body.message(), body.lang()))
                .map(r -> Response.accepted(new RegisterAccepted(r.id, r.status)).build());
    }
}

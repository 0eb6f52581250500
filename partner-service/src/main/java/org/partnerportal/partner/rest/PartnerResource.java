package org.partnerportal.partner.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.rest.PartnerDtos.CreatePartnerRequest;
import org.partnerportal.partner.rest.PartnerDtos.PartnerView;
import org.partnerportal.partner.service.PartnerService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("/api/partners")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerResource {

    private final PartnerService service;
    private final JsonWebToken caller;

    PartnerResource(PartnerService service, JsonWebToken caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    public Uni<PageResponse<PartnerView>> list(@QueryParam("archived") @DefaultValue("false") boolean archived,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        return service.list(archived, page, size).map(p -> new PageResponse<>(
                p.items().stream().map(PartnerView::of).toList(), p.total(), p.page(), p.size()));
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull CreatePartnerRequest body, @Context UriInfo uri) {
        return service.create(body.toCommand()).map(p -> Response
                .created(uri.getAbsolutePathBuilder().path(p.id).build())
                .entity(PartnerView.of(p)).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN, Roles.PARTNER })
    public Uni<PartnerView> get(@PathParam("id") String id) {
        if (!caller.getGroups().contains(Roles.ADMIN) && !caller.getGroups().contains(Roles.SUPER_ADMIN)
                && !id.equals(caller.getClaim("partnerId"))) {
            // another partner's id: answer as if it did not exist, so ids do not leak
            return Uni.createFrom().failure(ProblemException.notFound("Partner", id));
        }
        return service.get(id).map(PartnerView::of);
    }
}

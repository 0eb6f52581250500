package org.partnerportal.partner.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.domain.AccessStatus;
import org.partnerportal.partner.rest.AccessRequestDtos.AccessRequestView;
import org.partnerportal.partner.rest.AccessRequestDtos.ApproveRequest;
import org.partnerportal.partner.rest.AccessRequestDtos.DenyRequest;
import org.partnerportal.partner.service.AccessRequestService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/access-requests")
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
@Produces(MediaType.APPLICATION_JSON)
public class AccessRequestResource {

    private final AccessRequestService service;
    private final JsonWebToken caller;

    AccessRequestResource(AccessRequestService service, JsonWebToken caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    public Uni<PageResponse<AccessRequestView>> list(@QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        AccessStatus filter = null;
        if (status != null && !status.isBlank()) {
            try {
                filter = AccessStatus.of(status.trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status", "must be one of pending, approved, denied");
            }
        }
        return service.list(filter, page, size).map(p -> new PageResponse<>(
                p.items().stream().map(AccessRequestView::of).toList(), p.total(), p.page(), p.size()));
    }

    @GET
    @Path("/{id}")
    public Uni<AccessRequestView> get(@PathParam("id") String id) {
        return service.get(id).map(AccessRequestView::of);
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AccessRequestView> approve(@PathParam("id") String id, @Valid ApproveRequest body) {
        ApproveRequest b = body == null ? new ApproveRequest(null, null) : body;
        return service.approve(id, b.partnerId(), b.notes(), caller.getSubject()).map(AccessRequestView::of);
    }

    @POST
    @Path("/{id}/deny")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AccessRequestView> deny(@PathParam("id") String id, @Valid DenyRequest body) {
        return service.deny(id, body == null ? null : body.notes(), caller.getSubject()).map(AccessRequestView::of);
    }
}

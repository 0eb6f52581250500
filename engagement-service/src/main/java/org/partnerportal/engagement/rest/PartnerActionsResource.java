package org.partnerportal.engagement.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.rest.ActivityDtos.ActionInput;
import org.partnerportal.engagement.rest.ActivityDtos.ActionView;
import org.partnerportal.engagement.service.ActionService;
import org.partnerportal.engagement.service.ActionService.Caller;
import org.partnerportal.engagement.service.PartnerGuard;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** A partner's action items: add and list. */
@Path("/api/partners/{partnerId}/actions")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerActionsResource {

    private final ActionService actions;
    private final PartnerGuard partners;
    private final JsonWebToken caller;

    PartnerActionsResource(ActionService actions, PartnerGuard partners, JsonWebToken caller) {
        this.actions = actions;
        this.partners = partners;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("partnerId") String partnerId, @Valid @NotNull ActionInput body,
            @Context UriInfo uri) {
        return partners.known(partnerId).chain(() -> actions.create(partnerId, body, caller.getSubject())).map(a -> Response
                .created(uri.getBaseUriBuilder().path("api/actions").path(a.id).build()).entity(ActionView.of(a)).build());
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN, Roles.PARTNER })
    public Uni<PageResponse<ActionView>> list(@PathParam("partnerId") String partnerId,
            @QueryParam("status") @Pattern(regexp = "open|done", message = "must be open or done") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        if (!Roles.isAdmin(caller) && !partnerId.equals(Roles.partnerOf(caller))) {
            return Uni.createFrom().failure(ProblemException.notFound("Partner", partnerId));
        }
        return actions.page(partnerId, status, page, size).map(p -> new PageResponse<>(
                p.items().stream().map(ActionView::of).toList(), p.total(), p.page(), p.size()));
    }
}

package org.partnerportal.engagement.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.rest.ActivityDtos.ActionView;
import org.partnerportal.engagement.rest.TimelineDtos.TimelineEntryView;
import org.partnerportal.engagement.service.ActionService;
import org.partnerportal.engagement.service.ActionService.Caller;
import org.partnerportal.engagement.service.TimelineService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The partner portal's engagement paths. The gateway verified the portal link and sends its
 * internal JWT (groups {@code portal}, claim {@code partnerId}); the {@code {token}} segment is only
 * a routing key and is never read here.
 */
@Path("/api/portal/{token}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PORTAL)
public class PortalResource {

    private final TimelineService timeline;
    private final ActionService actions;
    private final JsonWebToken caller;

    PortalResource(TimelineService timeline, ActionService actions, JsonWebToken caller) {
        this.timeline = timeline;
        this.actions = actions;
        this.caller = caller;
    }

    @GET
    @Path("/timeline")
    public Uni<PageResponse<TimelineEntryView>> timeline(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        String partnerId = partner();
        return timeline.page(partnerId, null, page, size).map(p -> new PageResponse<>(
                p.items().stream().map(TimelineEntryView::forPartner).toList(), p.total(), p.page(), p.size()));
    }

    /** Marks one of this partner's action items done; another partner's item answers 404. */
    @POST
    @Path("/actions/{actionId}/done")
    public Uni<ActionView> done(@PathParam("actionId") String actionId) {
        return actions.complete(actionId, new Caller(caller.getSubject(), partner(), ActionService.VIA_PORTAL))
                .map(ActionView::of);
    }

    private String partner() {
        String partnerId = Roles.partnerOf(caller);
        if (partnerId == null || partnerId.isBlank()) {
            throw ProblemException.forbidden("The portal credential names no partner");
        }
        return partnerId;
    }
}

package org.partnerportal.engagement.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.engagement.rest.ActivityDtos.ActionView;
import org.partnerportal.engagement.rest.TimelineDtos.TimelineEntryView;
import org.partnerportal.engagement.service.ActionService;
import org.partnerportal.engagement.service.ActionService.Caller;
import org.partnerportal.engagement.service.PortalLinks;
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
 * The partner portal's engagement paths. The gateway verified the portal link (its MAC and expiry)
 * and sends its internal JWT (groups {@code portal}, claims {@code partnerId}, {@code keyVersion});
 * {@link PortalLinks} still refuses a key version older than the partner's current one. The
 * {@code {token}} segment is only a routing key: declared on each operation (so the API document
 * says it) and never read here.
 */
@Path("/api/portal/{token}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PORTAL)
public class PortalResource {

    private final TimelineService timeline;
    private final ActionService actions;
    private final PortalLinks links;
    private final JsonWebToken caller;

    PortalResource(TimelineService timeline, ActionService actions, PortalLinks links, JsonWebToken caller) {
        this.timeline = timeline;
        this.actions = actions;
        this.links = links;
        this.caller = caller;
    }

    @GET
    @Path("/timeline")
    public Uni<PageResponse<TimelineEntryView>> timeline(@PathParam("token") String token,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        return links.holder(caller).chain(partnerId -> timeline.page(partnerId, null, page, size)).map(p -> new PageResponse<>(
                p.items().stream().map(TimelineEntryView::forPartner).toList(), p.total(), p.page(), p.size()));
    }

    /** Marks one of this partner's action items done; another partner's item answers 404. */
    @POST
    @Path("/actions/{actionId}/done")
    public Uni<ActionView> done(@PathParam("token") String token, @PathParam("actionId") String actionId) {
        return links.holder(caller).chain(partnerId -> actions.complete(actionId,
                new Caller(caller.getSubject(), partnerId, ActionService.VIA_PORTAL))).map(ActionView::of);
    }
}

package org.partnerportal.engagement.rest;

import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.engagement.rest.ActivityDtos.ActionView;
import org.partnerportal.engagement.rest.ActivityDtos.DecisionInput;
import org.partnerportal.engagement.rest.ActivityDtos.MeetingInput;
import org.partnerportal.engagement.rest.TimelineDtos.TimelineEntryView;
import org.partnerportal.engagement.service.MeetingService;
import org.partnerportal.engagement.service.PartnerGuard;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Meetings and decisions of a partner. Both are timeline rows: their {@code Location} is the
 * timeline entry.
 */
@Path("/api/partners/{partnerId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
public class MeetingResource {

    /** The meeting's timeline row and the action items it created. */
    public record ScheduledView(@JsonUnwrapped TimelineEntryView entry, List<ActionView> actionItems) {
    }

    private final MeetingService meetings;
    private final PartnerGuard partners;
    private final JsonWebToken caller;

    MeetingResource(MeetingService meetings, PartnerGuard partners, JsonWebToken caller) {
        this.meetings = meetings;
        this.partners = partners;
        this.caller = caller;
    }

    @POST
    @Path("/meetings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> schedule(@PathParam("partnerId") String partnerId, @Valid @NotNull MeetingInput body,
            @Context UriInfo uri) {
        return partners.known(partnerId).chain(() -> meetings.schedule(partnerId, body, caller.getSubject())).map(s -> Response
                .created(uri.getBaseUriBuilder().path("api/partners").path(partnerId).path("timeline")
                        .path(s.entry().id).build())
                .entity(new ScheduledView(TimelineEntryView.of(s.entry()),
                        s.actionItems().stream().map(ActionView::of).toList()))
                .build());
    }

    @POST
    @Path("/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> decide(@PathParam("partnerId") String partnerId, @Valid @NotNull DecisionInput body,
            @Context UriInfo uri) {
        return partners.known(partnerId).chain(() -> meetings.decide(partnerId, body, caller.getSubject())).map(t -> Response
                .created(uri.getBaseUriBuilder().path("api/partners").path(partnerId).path("timeline").path(t.id).build())
                .entity(TimelineEntryView.of(t)).build());
    }
}

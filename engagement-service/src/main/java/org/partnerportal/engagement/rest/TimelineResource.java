package org.partnerportal.engagement.rest;

import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.rest.TimelineDtos.LogCommunicationRequest;
import org.partnerportal.engagement.rest.TimelineDtos.ThreadView;
import org.partnerportal.engagement.rest.TimelineDtos.TimelineEntryView;
import org.partnerportal.engagement.service.CommunicationService;
import org.partnerportal.engagement.service.FollowUpService;
import org.partnerportal.engagement.service.TimelineService;

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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("/api/partners/{partnerId}")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {

    /** Set on a 200 answer to a communication that was already logged under its external message id. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final TimelineService timeline;
    private final CommunicationService communications;
    private final FollowUpService followUps;
    private final JsonWebToken caller;

    TimelineResource(TimelineService timeline, CommunicationService communications, FollowUpService followUps,
            JsonWebToken caller) {
        this.timeline = timeline;
        this.communications = communications;
        this.followUps = followUps;
        this.caller = caller;
    }

    @GET
    @Path("/timeline")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN, Roles.PARTNER })
    public Uni<PageResponse<TimelineEntryView>> timeline(@PathParam("partnerId") String partnerId,
            @QueryParam("kind") @Pattern(regexp = "[a-z_]{1,40}", message = "must be a timeline kind such as communication") String kind,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        if (!maySee(partnerId)) {
            // another partner's timeline: answer as if it did not exist, so ids do not leak
            return Uni.createFrom().failure(ProblemException.notFound("Partner", partnerId));
        }
        boolean admin = isAdmin();
        return timeline.page(partnerId, kind, page, size).map(p -> new PageResponse<>(
                p.items().stream().map(admin ? TimelineEntryView::of : TimelineEntryView::forPartner).toList(),
                p.total(), p.page(), p.size()));
    }

    @GET
    @Path("/timeline/{entryId}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN, Roles.PARTNER })
    public Uni<TimelineEntryView> entry(@PathParam("partnerId") String partnerId, @PathParam("entryId") String entryId) {
        if (!maySee(partnerId)) {
            return Uni.createFrom().failure(ProblemException.notFound("Partner", partnerId));
        }
        boolean admin = isAdmin();
        return timeline.entry(partnerId, entryId).map(admin ? TimelineEntryView::of : TimelineEntryView::forPartner);
    }

    @POST
    @Path("/communications")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> logCommunication(@PathParam("partnerId") String partnerId,
            @Valid @NotNull LogCommunicationRequest body, @Context UriInfo uri) {
        return communications.log(partnerId, body.toCommand(), caller.getSubject()).map(logged -> {
            var location = uri.getBaseUriBuilder().path("api/partners").path(partnerId).path("timeline")
                    .path(logged.entry().id).build();
            var view = TimelineEntryView.of(logged.entry());
            return logged.created()
                    ? Response.created(location).entity(view).build()
                    : Response.ok(view).location(location).header(REPLAYED_HEADER, "true").build();
        });
    }

    /** The partner's communications grouped by thread (imported e-mails of one conversation together). */
    @GET
    @Path("/communications")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    public Uni<List<ThreadView>> threads(@PathParam("partnerId") String partnerId) {
        return timeline.threads(partnerId).map(threads -> threads.stream().map(t -> new ThreadView(t.threadId(),
                t.subject(), t.messages(), t.firstAt(), t.lastAt(), t.items().stream().map(TimelineEntryView::of).toList()))
                .toList());
    }

    /** The partner's open follow-ups: its links' and its communications', earliest first. */
    @GET
    @Path("/follow-ups")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    public Uni<List<FollowUpService.FollowUp>> followUps(@PathParam("partnerId") String partnerId) {
        return followUps.forPartner(partnerId);
    }

    private boolean maySee(String partnerId) {
        return isAdmin() || partnerId.equals(caller.getClaim("partnerId"));
    }

    private boolean isAdmin() {
        return Roles.isAdmin(caller);
    }
}

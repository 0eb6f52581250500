package org.partnerportal.engagement.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.rest.EventDtos.EventInput;
import org.partnerportal.engagement.rest.EventDtos.EventView;
import org.partnerportal.engagement.service.EventService;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

/** Partnership events: what partners are linked to. */
@Path("/api/events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
public class EventResource {

    private final EventService events;
    private final JsonWebToken caller;

    EventResource(EventService events, JsonWebToken caller) {
        this.events = events;
        this.caller = caller;
    }

    @GET
    public Uni<PageResponse<EventView>> list(@QueryParam("archived") @DefaultValue("false") boolean archived,
            @QueryParam("year") @Min(2000) @Max(2100) Integer year,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        return events.page(archived, year, page, size).map(p -> new PageResponse<>(
                p.items().stream().map(EventView::of).toList(), p.total(), p.page(), p.size()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull EventInput body, @Context UriInfo uri) {
        return events.create(body, caller.getSubject()).map(e -> Response
                .created(uri.getBaseUriBuilder().path("api/events").path(e.id).build()).entity(EventView.of(e)).build());
    }

    @GET
    @Path("/{eventId}")
    public Uni<EventView> get(@PathParam("eventId") String eventId) {
        return events.get(eventId).map(EventView::of);
    }

    /** A JSON merge patch; {@code If-Match: <version>} makes it conditional (412 when stale). */
    @PATCH
    @Path("/{eventId}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    public Uni<EventView> patch(@PathParam("eventId") String eventId, @NotNull ObjectNode body,
            @HeaderParam("If-Match") String ifMatch) {
        return events.patch(eventId, body, version(ifMatch)).map(EventView::of);
    }

    @POST
    @Path("/{eventId}/archive")
    public Uni<EventView> archive(@PathParam("eventId") String eventId) {
        return events.archive(eventId).map(EventView::of);
    }

    @POST
    @Path("/{eventId}/restore")
    public Uni<EventView> restore(@PathParam("eventId") String eventId) {
        return events.restore(eventId).map(EventView::of);
    }

    @DELETE
    @Path("/{eventId}")
    public Uni<Response> delete(@PathParam("eventId") String eventId) {
        return events.delete(eventId).map(x -> Response.noContent().build());
    }

    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.replace("\"", "").replace("W/", "").trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("If-Match", "must be the event's version number");
        }
    }
}

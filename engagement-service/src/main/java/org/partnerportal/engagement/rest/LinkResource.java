package org.partnerportal.engagement.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.engagement.rest.EventDtos.LinkInput;
import org.partnerportal.engagement.rest.EventDtos.LinkView;
import org.partnerportal.engagement.service.LinkService;
import org.partnerportal.engagement.service.PartnerGuard;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Partner-event links seen from the event. */
@Path("/api/events/{eventId}/partners")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
public class LinkResource {

    private final LinkService links;
    private final PartnerGuard partners;
    private final JsonWebToken caller;

    LinkResource(LinkService links, PartnerGuard partners, JsonWebToken caller) {
        this.links = links;
        this.partners = partners;
        this.caller = caller;
    }

    @GET
    public Uni<PageResponse<LinkView>> list(@PathParam("eventId") String eventId,
            @QueryParam("status") @Size(max = 80) String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        return links.byEvent(eventId, status, page, size).map(p -> new PageResponse<>(
                p.items().stream().map(LinkView::of).toList(), p.total(), p.page(), p.size()));
    }

    /** Create ({@code 201}) or update ({@code 200}) the one link of this pair; only for a partner that exists (404). */
    @PUT
    @Path("/{partnerId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("eventId") String eventId, @PathParam("partnerId") String partnerId,
            @Valid @NotNull LinkInput body, @Context UriInfo uri) {
        return partners.known(partnerId).chain(() -> links.put(eventId, partnerId, body, caller.getSubject())).map(saved -> {
            LinkView view = LinkView.of(saved.link());
            if (saved.created()) {
                return Response.created(uri.getBaseUriBuilder().path("api/events").path(eventId).path("partners")
                        .path(partnerId).build()).entity(view).build();
            }
            return Response.ok(view).build();
        });
    }

    @GET
    @Path("/{partnerId}")
    public Uni<LinkView> get(@PathParam("eventId") String eventId, @PathParam("partnerId") String partnerId) {
        return links.get(eventId, partnerId).map(LinkView::of);
    }

    @DELETE
    @Path("/{partnerId}")
    public Uni<Response> remove(@PathParam("eventId") String eventId, @PathParam("partnerId") String partnerId) {
        return links.remove(eventId, partnerId, caller.getSubject()).map(x -> Response.noContent().build());
    }
}

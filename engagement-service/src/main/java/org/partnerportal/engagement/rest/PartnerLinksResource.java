package org.partnerportal.engagement.rest;

import org.partnerportal.common.api.PageResponse;
import org.partnerportal.engagement.rest.EventDtos.LinkView;
import org.partnerportal.engagement.service.LinkService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Partner-event links seen from the partner. */
@Path("/api/partners/{partnerId}/events")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerLinksResource {

    private final LinkService links;

    PartnerLinksResource(LinkService links) {
        this.links = links;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    public Uni<PageResponse<LinkView>> list(@PathParam("partnerId") String partnerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        return links.byPartner(partnerId, page, size).map(p -> new PageResponse<>(
                p.items().stream().map(LinkView::of).toList(), p.total(), p.page(), p.size()));
    }
}

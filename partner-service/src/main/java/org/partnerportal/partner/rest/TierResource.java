package org.partnerportal.partner.rest;

import java.util.Arrays;
import java.util.List;

import org.partnerportal.partner.domain.Tier;
import org.partnerportal.partner.rest.PartnerDtos.TierView;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/tiers")
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN, Roles.PARTNER })
@Produces(MediaType.APPLICATION_JSON)
public class TierResource {

    @GET
    public List<TierView> tiers() {
        return Arrays.stream(Tier.values()).map(TierView::of).toList();
    }
}

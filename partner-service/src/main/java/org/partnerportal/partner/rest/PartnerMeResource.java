package org.partnerportal.partner.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.rest.PartnerDtos.PartnerView;
import org.partnerportal.partner.service.PartnerService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/partner/me")
@RolesAllowed(Roles.PARTNER)
@Produces(MediaType.APPLICATION_JSON)
public class PartnerMeResource {

    private final PartnerService service;
    private final JsonWebToken caller;

    PartnerMeResource(PartnerService service, JsonWebToken caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    public Uni<PartnerView> me() {
        String partnerId = caller.getClaim("partnerId");
        if (partnerId == null) {
            return Uni.createFrom().failure(ProblemException.forbidden("This partner user is not linked to a partner"));
        }
        return service.get(partnerId).map(PartnerView::forPartnerUser);
    }
}

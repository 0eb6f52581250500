package org.partnerportal.nda.rest;

import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.nda.service.DemoResetService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code resetPartnerTestData}: super admins only, demo partners only, and only where
 * {@code pp.nda.demo-reset.enabled} (off in prod: {@code 404}). Resets the partner across the services.
 */
@Path("/api/admin/demo-partners/{id}/reset")
@RolesAllowed(Roles.SUPER_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {

    private final DemoResetService reset;
    private final JsonWebToken caller;

    DemoResource(DemoResetService reset, JsonWebToken caller) {
        this.reset = reset;
        this.caller = caller;
    }

    @POST
    public Uni<Map<String, Object>> reset(@PathParam("id") String id) {
        return reset.reset(id, caller.getSubject());
    }
}

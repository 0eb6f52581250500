package org.partnerportal.engagement.rest;

import org.partnerportal.engagement.service.DashboardService;
import org.partnerportal.engagement.service.DashboardService.Dashboard;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private final DashboardService dashboard;

    DashboardResource(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    public Uni<Dashboard> get() {
        return dashboard.compute();
    }
}

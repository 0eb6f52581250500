package org.partnerportal.engagement.rest;

import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.engagement.repository.SyncStatusRepository;
import org.partnerportal.engagement.rest.TimelineDtos.ImportRequest;
import org.partnerportal.engagement.rest.TimelineDtos.ImportResult;
import org.partnerportal.engagement.rest.TimelineDtos.SyncStatusView;
import org.partnerportal.engagement.service.CommunicationService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The mail sync's side: import a run's messages, read each provider's status row. */
@Path("/api/communications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
public class CommunicationSyncResource {

    private final CommunicationService communications;
    private final SyncStatusRepository status;
    private final JsonWebToken caller;

    CommunicationSyncResource(CommunicationService communications, SyncStatusRepository status, JsonWebToken caller) {
        this.communications = communications;
        this.status = status;
        this.caller = caller;
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ImportResult> importRun(@Valid @NotNull ImportRequest body) {
        return communications.importRun(body.provider(), body.messages(), body.error(), caller.getSubject());
    }

    @GET
    @Path("/sync-status")
    public Uni<List<SyncStatusView>> syncStatus() {
        return status.all().map(rows -> rows.stream().map(SyncStatusView::of).toList());
    }
}

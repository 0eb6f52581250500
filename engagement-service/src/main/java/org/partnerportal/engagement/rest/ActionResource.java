package org.partnerportal.engagement.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.rest.ActivityDtos.ActionInput;
import org.partnerportal.engagement.rest.ActivityDtos.ActionView;
import org.partnerportal.engagement.service.ActionService;
import org.partnerportal.engagement.service.ActionService.Caller;

import com.fasterxml.jackson.databind.node.ObjectNode;

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

/** One action item: {@code /api/actions/{id}}. */
@Path("/api/actions")
@Produces(MediaType.APPLICATION_JSON)
public class ActionResource {

    private final ActionService actions;
    private final JsonWebToken caller;

    ActionResource(ActionService actions, JsonWebToken caller) {
        this.actions = actions;
        this.caller = caller;
    }

    @GET
    @Path("/{actionId}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN, Roles.PARTNER })
    public Uni<ActionView> get(@PathParam("actionId") String actionId) {
        return actions.get(actionId, who()).map(ActionView::of);
    }

    /**
     * A merge patch of {@code title, assignee, dueDate, status}. A partner user may only send
     * {@code { "status": "done" }} for its own partner's item; another partner's item answers 404.
     */
    @PATCH
    @Path("/{actionId}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN, Roles.PARTNER })
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    public Uni<ActionView> patch(@PathParam("actionId") String actionId, @NotNull ObjectNode body) {
        return actions.patch(actionId, body, who()).map(ActionView::of);
    }

    private Caller who() {
        return Roles.isAdmin(caller) ? new Caller(caller.getSubject(), null, ActionService.VIA_ADMIN)
                : new Caller(caller.getSubject(), Roles.partnerOf(caller), ActionService.VIA_PARTNER);
    }
}

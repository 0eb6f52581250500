package org.partnerportal.notification.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.notification.rest.NotificationDtos.DeliveryView;
import org.partnerportal.notification.rest.NotificationDtos.MailConfigView;
import org.partnerportal.notification.rest.NotificationDtos.TestEmailRequest;
import org.partnerportal.notification.service.MailSettingsService;

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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** What an admin checks when mail stops: the configuration (secret masked), its last use, a test send. */
@Path("/api/notifications")
@RolesAllowed(Roles.SUPER_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class MailResource {

    private final MailSettingsService service;
    private final JsonWebToken caller;

    MailResource(MailSettingsService service, JsonWebToken caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("/config")
    public Uni<MailConfigView> config() {
        return service.status().map(st -> MailConfigView.of(service.settings(), service.delivery(), st));
    }

    /**
     * Sends a test message through the same log and retry path as every other; the answer is its
     * row after the first attempt ({@code sent}, or {@code pending} with the SMTP error).
     */
    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> test(@Valid @NotNull TestEmailRequest body, UriInfo uri) {
        return service.sendTest(body.to(), body.lang(), caller.getSubject())
                .map(d -> Response.created(uri.getBaseUriBuilder().path("api/notifications/deliveries").path(d.id).build())
                        .entity(DeliveryView.of(d)).build());
    }
}

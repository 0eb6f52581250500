package org.partnerportal.notification.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.notification.domain.DeliveryStatus;
import org.partnerportal.notification.rest.NotificationDtos.DeliveryView;
import org.partnerportal.notification.service.DeliveryService;

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

/** The delivery log: one row per message, newest first. */
@Path("/api/notifications/deliveries")
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final DeliveryService service;

    DeliveryResource(DeliveryService service) {
        this.service = service;
    }

    @GET
    public Uni<PageResponse<DeliveryView>> list(@QueryParam("partnerId") String partnerId,
            @QueryParam("status") String status, @QueryParam("template") String template,
            @QueryParam("eventId") String eventId, @QueryParam("recipient") String recipient,
            @QueryParam("audience") String audience, @QueryParam("mailingId") String mailingId,
            @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        DeliveryStatus filter = null;
        if (status != null && !status.isBlank()) {
            try {
                filter = DeliveryStatus.of(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status", "must be one of pending, sending, sent, failed");
            }
        }
        String aud = blankToNull(audience);
        if (aud != null && !aud.equals("partner") && !aud.equals("admin")) {
            throw ProblemException.badRequest("audience", "must be partner or admin");
        }
        var f = new DeliveryService.Filter(blankToNull(partnerId), filter, blankToNull(template), blankToNull(eventId),
                blankToNull(recipient), aud, blankToNull(mailingId), instant("since", since), instant("until", until));
        return service.list(f, page, size)
                .map(p -> new PageResponse<>(p.items().stream().map(DeliveryView::of).toList(), p.total(), p.page(), p.size()));
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be an ISO-8601 instant, e.g. 2025-01-31T00:00:00Z");
        }
    }

    @GET
    @Path("/{id}")
    public Uni<DeliveryView> get(@PathParam("id") String id) {
        return service.get(id).map(DeliveryView::of);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

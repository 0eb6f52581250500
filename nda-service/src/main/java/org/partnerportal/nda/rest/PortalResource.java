package org.partnerportal.nda.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.nda.domain.VaultItem;
import org.partnerportal.nda.rest.NdaDtos.LinkDownload;
import org.partnerportal.nda.rest.NdaDtos.PortalActionItem;
import org.partnerportal.nda.rest.NdaDtos.PortalNda;
import org.partnerportal.nda.rest.NdaDtos.PortalDocument;
import org.partnerportal.nda.rest.NdaDtos.PortalPartner;
import org.partnerportal.nda.rest.NdaDtos.PortalView;
import org.partnerportal.nda.service.AccessGuard;
import org.partnerportal.nda.service.PortalService;
import org.partnerportal.nda.service.VaultService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The partner portal for a portal-link holder. The partner comes from the internal JWT; the path's
 * token segment is only the gateway's routing key (it is used to build the timeline URL, never to
 * decide access). A link whose key version was rotated away is {@code 401}.
 */
@Path("/api/portal/{token}")
@RolesAllowed(Roles.PORTAL)
public class PortalResource {

    private final AccessGuard guard;
    private final PortalService portal;
    private final VaultService vault;
    private final JsonWebToken caller;
    private final Clock clock;

    PortalResource(AccessGuard guard, PortalService portal, VaultService vault, JsonWebToken caller, Clock clock) {
        this.clock = clock;
        this.guard = guard;
        this.portal = portal;
        this.vault = vault;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<PortalView> view(@PathParam("token") String token) {
        return guard.portalHolder(caller)
                .chain(h -> portal.portal(h.partnerId()).call(() -> portal.visited(h.partnerId(), h.subject()))).map(p -> {
            Instant now = clock.instant();
            List<PortalNda> ndas = p.ndas().stream().map(r -> PortalNda.of(r, now)).toList();
            return new PortalView(new PortalPartner(p.partner().id, p.partner().name, p.partner().tier, p.partner().stage), ndas,
                    p.documents().stream().map(PortalDocument::of).toList(),
                    p.actionItems().stream().map(PortalActionItem::of).toList(),
                    "/api/portal/" + token + "/timeline");
        });
    }

    /**
     * The gate of every vault document: a file's bytes, or a link's address ({@code { url }}, or with
     * {@code redirect=true} a {@code 303} to it, for a plain browser link), each only once the NDA
     * gate lets it through and the download is audited.
     */
    @GET
    @Path("/documents/{docId}")
    @Produces({ MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON, "application/problem+json" })
    public Uni<Response> download(@PathParam("token") String token, @PathParam("docId") String docId, @QueryParam("redirect") @DefaultValue("false") boolean redirect,
            @HeaderParam("X-Real-IP") String ip, @HeaderParam("User-Agent") String userAgent) {
        return guard.portalHolder(caller).chain(h -> vault.download(h, docId, ip, userAgent)).map(d -> {
            VaultItem item = d.item();
            if (d.content() == null) {
                if (redirect) {
                    // the portal URL (which holds the link token) must not travel to the other site
                    return Response.seeOther(java.net.URI.create(item.url())).header("Referrer-Policy", "no-referrer").build();
                }
                return Response.ok(new LinkDownload(item.id(), item.title(), item.url()), MediaType.APPLICATION_JSON).build();
            }
            return attachment(d);
        });
    }

    /**
     * A stored file as a download under its own name, never rendered by the browser as something
     * else; its bytes are streamed as they are read ({@link FileContentWriter}).
     */
    static Response attachment(VaultService.Download d) {
        VaultItem item = d.item();
        String name = item.filename() == null ? item.id() : item.filename().replaceAll("[\"\\\\\\r\\n]", "_");
        return Response.ok(d.content(), item.contentType())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff").build();
    }
}

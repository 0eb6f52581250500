package org.partnerportal.nda.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.nda.rest.NdaDtos.NdaReceipt;
import org.partnerportal.nda.rest.NdaDtos.NdaSubmission;
import org.partnerportal.nda.rest.NdaDtos.ProposalView;
import org.partnerportal.nda.rest.NdaDtos.ViewAccepted;
import org.partnerportal.nda.rest.NdaDtos.ViewReport;
import org.partnerportal.nda.service.AccessGuard;
import org.partnerportal.nda.service.NdaService;
import org.partnerportal.nda.service.ProposalService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * What a proposal-link holder may do: read the proposal, report time on sections, sign the NDA.
 * The gateway verified the link; {@link AccessGuard} re-checks the credential is alive and names
 * this partner. The client IP is the gateway's {@code X-Real-IP} (the only proxy trusted).
 */
@Path("/api/proposals/{partnerId}")
@RolesAllowed(Roles.PROPOSAL)
@Produces(MediaType.APPLICATION_JSON)
public class ProposalResource {

    private final AccessGuard guard;
    private final ProposalService proposals;
    private final NdaService ndas;
    private final JsonWebToken caller;

    ProposalResource(AccessGuard guard, ProposalService proposals, NdaService ndas, JsonWebToken caller) {
        this.guard = guard;
        this.proposals = proposals;
        this.ndas = ndas;
        this.caller = caller;
    }

    @GET
    public Uni<ProposalView> proposal(@PathParam("partnerId") String partnerId) {
        return guard.proposalHolder(caller, partnerId)
                .chain(h -> proposals.partner(partnerId))
                .chain(p -> proposals.content(partnerId).map(s -> new ProposalView(p.id, p.name, s)));
    }

    @POST
    @Path("/views")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> view(@PathParam("partnerId") String partnerId, @Valid @NotNull ViewReport body) {
        return guard.proposalHolder(caller, partnerId)
                .chain(h -> proposals.view(partnerId, body.section(), body.seconds(), body.visitId()))
                .map(kind -> Response.accepted(new ViewAccepted(body.section(), body.seconds(), kind.first(),
                        kind.visitStart())).build());
    }

    /** The signer's own completion certificate, so that the confirmation page can offer it at once. */
    @GET
    @Path("/ndas/{reference}/certificate")
    @Produces("application/pdf")
    public Uni<Response> certificate(@PathParam("partnerId") String partnerId, @PathParam("reference") String reference) {
        return guard.proposalHolder(caller, partnerId)
                .chain(h -> ndas.certificate(reference, partnerId))
                .map(pdf -> Response.ok(pdf, "application/pdf").header("Content-Disposition",
                        "attachment; filename=\"" + NdaService.certificateName(reference) + "\"").build());
    }

    @POST
    @Path("/nda")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> sign(@PathParam("partnerId") String partnerId, @Valid @NotNull NdaSubmission body,
            @HeaderParam("X-Real-IP") String ip, @HeaderParam("User-Agent") String userAgent, UriInfo uri) {
        NdaService.Submission s = new NdaService.Submission(body.contactName(), body.contactEmail(), body.contactTitle(),
                body.signature(), body.templateVersion(), body.textSha256());
        return guard.proposalHolder(caller, partnerId)
                .chain(h -> ndas.submit(h, s, ip == null || ip.isBlank() ? null : ip.trim(), userAgent))
                .map(d -> Response.created(uri.getBaseUriBuilder().path("api/ndas/{ref}").build(d.reference))
                        .entity(NdaReceipt.of(d)).build());
    }
}

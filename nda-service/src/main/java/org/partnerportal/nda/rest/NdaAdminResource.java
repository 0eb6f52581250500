package org.partnerportal.nda.rest;

import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.nda.rest.NdaDtos.NdaRecordView;
import org.partnerportal.nda.repository.NdaRepository;
import org.partnerportal.nda.service.NdaService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The signature archive: one record, its certificate, and the chain check. */
@Path("/api/ndas")
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
@Produces(MediaType.APPLICATION_JSON)
public class NdaAdminResource {

    public record VerificationView(boolean valid, int records, String firstBroken, String reason) {
    }

    private final NdaService ndas;
    private final NdaRepository records;

    NdaAdminResource(NdaService ndas, NdaRepository records) {
        this.ndas = ndas;
        this.records = records;
    }

    @GET
    @Path("/verify")
    public Uni<VerificationView> verify() {
        return ndas.verify().map(v -> new VerificationView(v.valid(), v.records(), v.firstBroken(), v.reason()));
    }

    @GET
    @Path("/{reference}")
    public Uni<NdaRecordView> one(@PathParam("reference") String reference) {
        return records.byReference(reference).onItem().ifNull().failWith(() -> ProblemException.notFound("NDA", reference))
                .map(NdaRecordView::of);
    }

    @GET
    @Path("/{reference}/certificate")
    @Produces({ "application/pdf", "application/problem+json" })
    public Uni<Response> certificate(@PathParam("reference") String reference) {
        return ndas.certificate(reference).map(pdf -> Response.ok(pdf, "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"" + NdaService.certificateName(reference) + "\"").build());
    }
}

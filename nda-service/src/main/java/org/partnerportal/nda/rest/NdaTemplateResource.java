package org.partnerportal.nda.rest;

import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.nda.domain.NdaTemplate;
import org.partnerportal.nda.service.NdaTemplateService;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The NDA text a signer reads before signing. Public: the gateway calls it with its anonymous
 * internal token or with none, and no credential is checked.
 */
@Path("/api/nda/template")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class NdaTemplateResource {

    public record TemplateView(String lang, String version, String text, String sha256) {
        static TemplateView of(NdaTemplate t) {
            return new TemplateView(t.lang(), t.version(), t.text(), t.sha256());
        }
    }

    private final NdaTemplateService templates;

    NdaTemplateResource(NdaTemplateService templates) {
        this.templates = templates;
    }

    @GET
    public TemplateView current(
            @QueryParam("lang") @DefaultValue("en") @Pattern(regexp = "en|ar", message = "must be en or ar") String lang) {
        return templates.current(lang).map(TemplateView::of)
                .orElseThrow(() -> ProblemException.badRequest("lang", "must be en or ar"));
    }
}

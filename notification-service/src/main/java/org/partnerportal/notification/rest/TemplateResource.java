package org.partnerportal.notification.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.notification.rest.NotificationDtos.TemplateUpdate;
import org.partnerportal.notification.rest.NotificationDtos.TemplateView;
import org.partnerportal.notification.service.TemplateService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** E-mail templates per key and language, with the variables each may use. */
@Path("/api/notifications/templates")
@RolesAllowed(Roles.SUPER_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{1,63}");

    private final TemplateService service;
    private final JsonWebToken caller;

    TemplateResource(TemplateService service, JsonWebToken caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    public Uni<PageResponse<TemplateView>> list(@QueryParam("key") String key, @QueryParam("lang") String lang,
            @QueryParam("category") String category) {
        return service.list(blankToNull(key), blankToNull(lang), blankToNull(category))
                .map(l -> new PageResponse<>(l.stream().map(TemplateView::of).toList(), l.size(), 0, PageResponse.MAX_SIZE));
    }

    @GET
    @Path("/{key}/{lang}")
    public Uni<TemplateView> get(@PathParam("key") String key, @PathParam("lang") String lang) {
        checkPath(key, lang);
        return service.get(key, lang).map(TemplateView::of);
    }

    /** The versions an edit replaced, newest first. */
    @GET
    @Path("/{key}/{lang}/versions")
    public Uni<PageResponse<org.partnerportal.notification.domain.TemplateVersion>> versions(@PathParam("key") String key,
            @PathParam("lang") String lang) {
        checkPath(key, lang);
        return service.versions(key, lang).map(l -> new PageResponse<>(l, l.size(), 0, Math.max(l.size(), 1)));
    }

    /** Creates or replaces; 201 with a Location for a new key/language, 200 for an edit. */
    @PUT
    @Path("/{key}/{lang}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("key") String key, @PathParam("lang") String lang,
            @Valid @NotNull TemplateUpdate body, UriInfo uri) {
        checkPath(key, lang);
        return service.put(key, lang, new TemplateService.TemplateEdit(body.subject(), body.textBody(), body.htmlBody(),
                body.category(), body.description(), body.domainVariables()), caller.getSubject())
                .map(saved -> saved.created()
                        ? Response.created(uri.getAbsolutePath()).entity(TemplateView.of(saved.template())).build()
                        : Response.ok(TemplateView.of(saved.template())).build());
    }

    private static void checkPath(String key, String lang) {
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("key", "must be lower-case letters, digits and underscores");
        }
        if (!TemplateService.LANGUAGES.contains(lang)) {
            throw ProblemException.badRequest("lang", "must be one of " + TemplateService.LANGUAGES);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

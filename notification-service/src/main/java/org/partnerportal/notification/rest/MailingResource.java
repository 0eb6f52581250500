package org.partnerportal.notification.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.notification.domain.EmailTemplate;
import org.partnerportal.notification.domain.Mailing;
import org.partnerportal.notification.service.MailingService;
import org.partnerportal.notification.service.TemplateService;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

/** Mass mailings: a mass-mail template to a selection of partner contacts, one message each. */
@Path("/api/notifications/mailings")
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
@Produces(MediaType.APPLICATION_JSON)
public class MailingResource {

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{8,100}");

    private final MailingService service;
    private final TemplateService templates;
    private final JsonWebToken caller;

    MailingResource(MailingService service, TemplateService templates, JsonWebToken caller) {
        this.service = service;
        this.templates = templates;
        this.caller = caller;
    }

    public record Recipient(@NotBlank @Email @Size(max = 254) String email, @Size(max = 200) String name,
            @Size(max = 100) String partnerId, @Pattern(regexp = "en|ar", message = "must be en or ar") String lang,
            @Size(max = 50) Map<String, @Size(max = 5000) String> variables) {
    }

    public record MailingRequest(
            @NotBlank @Pattern(regexp = "[a-z][a-z0-9_]{1,63}", message = "must be a template key") String template,
            @Pattern(regexp = "en|ar", message = "must be en or ar") String lang,
            @Size(max = 20) List<@NotBlank String> tiers,
            @Size(max = 20) List<@NotBlank String> stages,
            @Size(max = 50) List<@NotBlank String> eventIds,
            @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags,
            @Size(max = 2000) List<@NotBlank String> partnerIds,
            @Size(max = 2000) List<@Valid Recipient> recipients,
            @Size(max = 50) Map<String, @Size(max = 5000) String> variables) {
    }

    public record MailingView(String id, String template, String lang, List<String> tiers, List<String> stages,
            List<String> eventIds, List<String> partnerIds, int recipients, List<String> skippedPartnerIds,
            MailingService.Counts deliveries, String createdBy, Instant createdAt, List<String> tags) {

        static MailingView of(Mailing m, MailingService.Counts c) {
            return new MailingView(m.id, m.template, m.lang, m.tiers, m.stages, m.eventIds, m.partnerIds, m.recipients,
                    m.skippedPartnerIds, c, m.createdBy, m.createdAt, m.tags == null ? List.of() : m.tags);
        }
    }

    /**
     * Sends one personalised message to each selected contact; {@code Idempotency-Key} (optional)
     * becomes the mailing id, so a retried POST sends nothing twice. 201 for a new mailing, 200
     * when that key was seen already.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> send(@Valid @NotNull MailingRequest body, @HeaderParam("Idempotency-Key") String key, UriInfo uri) {
        if (key != null && !ID.matcher(key).matches()) {
            throw ProblemException.badRequest("Idempotency-Key", "must be 8-100 letters, digits, '.', '_' or '-'");
        }
        return service.send(request(key, body), caller.getSubject())
                .chain(c -> service.counts(c.mailing().id).map(counts -> {
                    MailingView view = MailingView.of(c.mailing(), counts);
                    return c.created()
                            ? Response.created(uri.getBaseUriBuilder().path("api/notifications/mailings").path(view.id()).build())
                                    .entity(view).build()
                            : Response.ok(view).build();
                }));
    }

    /** A mass-mail template the mailing screen offers: what an admin needs to pick one and fill its variables. */
    public record MassMailTemplate(String key, String lang, String description, String subject, List<String> variables) {
    }

    /** The {@code mass_mail} templates (admins may send mailings but not read every template). */
    @GET
    @Path("/templates")
    public Uni<List<MassMailTemplate>> templates() {
        return templates.list(null, null, EmailTemplate.MASS_MAIL).map(l -> l.stream()
                .map(t -> new MassMailTemplate(t.key, t.lang, t.description, t.subject,
                        t.variables.stream().map(v -> v.name).toList()))
                .toList());
    }

    /** What the mailing would send (recipients, the first of them, the first message rendered); nothing is written. */
    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<MailingService.Preview> preview(@Valid @NotNull MailingRequest body) {
        return service.preview(request(null, body));
    }

    private static MailingService.Request request(String key, MailingRequest body) {
        return new MailingService.Request(key, body.template(), body.lang(), body.tiers(), body.stages(),
                body.eventIds(), body.tags(), body.partnerIds(),
                body.recipients() == null ? null : body.recipients().stream().map(r -> new MailingService.ExtraRecipient(
                        r.email(), r.name(), r.partnerId(), r.lang(), r.variables())).toList(),
                body.variables());
    }

    @GET
    public Uni<PageResponse<MailingView>> list() {
        return service.recent(PageResponse.MAX_SIZE).chain(l -> io.smallrye.mutiny.Multi.createFrom().iterable(l)
                .onItem().transformToUniAndConcatenate(m -> service.counts(m.id).map(c -> MailingView.of(m, c)))
                .collect().asList())
                .map(views -> new PageResponse<>(views, views.size(), 0, PageResponse.MAX_SIZE));
    }

    @GET
    @Path("/{id}")
    public Uni<MailingView> get(@PathParam("id") String id) {
        return service.get(id).chain(m -> service.counts(id).map(c -> MailingView.of(m, c)));
    }
}

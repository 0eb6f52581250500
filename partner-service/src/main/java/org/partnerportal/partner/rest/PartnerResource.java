package org.partnerportal.partner.rest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.domain.Invite;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.rest.PartnerDtos.CloseDeal;
import org.partnerportal.partner.rest.PartnerDtos.DirectoryPage;
import org.partnerportal.partner.rest.PartnerDtos.InviteRequest;
import org.partnerportal.partner.rest.PartnerDtos.PartnerInput;
import org.partnerportal.partner.rest.PartnerDtos.PartnerView;
import org.partnerportal.partner.rest.PartnerDtos.StageMove;
import org.partnerportal.partner.service.PartnerService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("/api/partners")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    /** Fields a client may read but never write through the partner API. */
    private static final Set<String> READ_ONLY = Set.of("id", "stage", "status", "engagement", "archived",
            "archivedAt", "createdAt", "updatedAt", "version", "stageChangedAt", "mouSignedAt", "closeOutcome",
            "closeReason", "proposalViews", "lastTouchAt", "demo", "tierLabel", "tierColor");

    private final PartnerService service;
    private final JsonWebToken caller;
    private final ObjectMapper mapper;
    private final Validator validator;

    PartnerResource(PartnerService service, JsonWebToken caller, ObjectMapper mapper, Validator validator) {
        this.service = service;
        this.caller = caller;
        this.mapper = mapper;
        this.validator = validator;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    public Uni<DirectoryPage> list(@QueryParam("tier") String tier, @QueryParam("stage") String stage,
            @QueryParam("industry") String industry, @QueryParam("tag") String tag, @QueryParam("q") String q,
            @QueryParam("engagementLevel") String engagementLevel,
            @QueryParam("contactEmail") @Size(max = 254) String contactEmail,
            @QueryParam("archived") @DefaultValue("false") boolean archived,
            @QueryParam("sort") @DefaultValue("tier") String sort,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size,
            @QueryParam("after") String after) {
        return service.list(new PartnerService.ListQuery(tier, stage, industry, tag, q, archived, sort, page, size,
                after, engagementLevel, contactEmail)).map(p -> new DirectoryPage(
                        p.items().stream().map(PartnerView::of).toList(), p.total(), p.page(), p.size(), p.next()));
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull PartnerInput body, @Context UriInfo uri) {
        return service.create(body.toForm(), actor()).map(p -> withTag(Response
                .created(uri.getAbsolutePathBuilder().path(p.id).build()), p).entity(PartnerView.of(p)).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN, Roles.PARTNER })
    public Uni<Response> get(@PathParam("id") String id) {
        boolean admin = isAdmin();
        if (!admin && !id.equals(caller.getClaim("partnerId"))) {
            // another partner's id: answer as if it did not exist, so ids do not leak
            return Uni.createFrom().failure(ProblemException.notFound("Partner", id));
        }
        return service.get(id).map(p -> withTag(Response.ok(), p)
                .entity(admin ? PartnerView.of(p) : PartnerView.forPartnerUser(p)).build());
    }

    /**
     * A JSON merge patch (RFC 7386) of the writable fields. The merged result is validated as a
     * whole, as a creation would be; {@code If-Match} with the version makes it conditional.
     */
    @PATCH
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    @Consumes({ MERGE_PATCH, MediaType.APPLICATION_JSON })
    public Uni<Response> patch(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return Uni.createFrom().failure(ProblemException.badRequest("body", "must be a JSON object (a merge patch)"));
        }
        List<Problem.FieldError> readOnly = new ArrayList<>();
        patch.fieldNames().forEachRemaining(f -> {
            if (READ_ONLY.contains(f)) {
                readOnly.add(new Problem.FieldError(f, "is read-only"
                        + (f.equals("stage") ? ": use PUT /api/partners/{id}/stage" : "")
                        + (f.equals("archived") ? ": use the archive and restore actions" : "")));
            }
        });
        if (!readOnly.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(readOnly));
        }
        Long expected = parseIfMatch(ifMatch);
        List<String> changed = new ArrayList<>();
        patch.fieldNames().forEachRemaining(changed::add);
        return service.get(id).chain(current -> {
            if (expected != null && current.version != expected) {
                return Uni.createFrom().failure(ProblemException.preconditionFailed("The partner is at version "
                        + current.version + ", not the one in If-Match; reload it and try again"));
            }
            ObjectNode merged = mapper.valueToTree(PartnerInput.writableOf(current));
            merge(merged, patch);
            PartnerInput input = read(merged);
            return service.update(id, current.version, input.toForm(), changed, actor());
        }).map(p -> withTag(Response.ok(), p).entity(PartnerView.of(p)).build());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(id, actor()).map(v -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/archive")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    public Uni<PartnerView> archive(@PathParam("id") String id) {
        return service.archive(id, actor()).map(PartnerView::of);
    }

    @POST
    @Path("/{id}/restore")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    public Uni<PartnerView> restore(@PathParam("id") String id) {
        return service.restore(id, actor()).map(PartnerView::of);
    }

    @PUT
    @Path("/{id}/stage")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> moveStage(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull StageMove body) {
        return service.moveStage(id, body.stage(), body.reason(), actor(), parseIfMatch(ifMatch))
                .map(p -> withTag(Response.ok(), p).entity(PartnerView.of(p)).build());
    }

    @POST
    @Path("/{id}/close")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PartnerView> close(@PathParam("id") String id, @Valid @NotNull CloseDeal body) {
        return service.close(id, body.outcome(), body.reason(), actor()).map(PartnerView::of);
    }

    @POST
    @Path("/{id}/invites")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> invite(@PathParam("id") String id, @Valid @NotNull InviteRequest body) {
        return service.invite(id, body.email(), body.name(), actor())
                .map(i -> Response.accepted(InviteView.of(i)).build());
    }

    public record InviteView(String email, String name, String invitedBy, String invitedAt) {
        static InviteView of(Invite i) {
            return new InviteView(i.email, i.name, i.invitedBy, i.invitedAt.toString());
        }
    }

    private PartnerInput read(ObjectNode merged) {
        PartnerInput input;
        try {
            input = mapper.treeToValue(merged, PartnerInput.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemException.badRequest("body", "does not fit the partner: " + e.getOriginalMessage());
        }
        Set<ConstraintViolation<PartnerInput>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return input;
    }

    /** RFC 7386: objects merge member by member, null removes, anything else replaces. */
    static void merge(ObjectNode target, JsonNode patch) {
        Iterator<String> names = patch.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode value = patch.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && target.get(name) instanceof ObjectNode existing) {
                merge(existing, value);
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    static Long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("If-Match", "must be the partner's version as an entity tag, e.g. \"3\"");
        }
    }

    static Response.ResponseBuilder withTag(Response.ResponseBuilder builder, Partner p) {
        return builder.tag(new EntityTag(String.valueOf(p.version)));
    }

    private boolean isAdmin() {
        return caller.getGroups().contains(Roles.ADMIN) || caller.getGroups().contains(Roles.SUPER_ADMIN);
    }

    private String actor() {
        return caller.getSubject();
    }
}

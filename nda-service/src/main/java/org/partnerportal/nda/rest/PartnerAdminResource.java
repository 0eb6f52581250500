package org.partnerportal.nda.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.partnerportal.common.api.PageResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.nda.domain.Sections;
import org.partnerportal.nda.domain.VaultItem;
import org.partnerportal.nda.rest.NdaDtos.DocumentChangeView;
import org.partnerportal.nda.rest.NdaDtos.DocumentView;
import org.partnerportal.nda.rest.NdaDtos.DownloadView;
import org.partnerportal.nda.rest.NdaDtos.InvitationView;
import org.partnerportal.nda.rest.NdaDtos.IssuedTokenRow;
import org.partnerportal.nda.rest.NdaDtos.KeyVersionView;
import org.partnerportal.nda.rest.NdaDtos.LegacyCode;
import org.partnerportal.nda.rest.NdaDtos.LinkDocument;
import org.partnerportal.nda.rest.NdaDtos.NdaRecordView;
import org.partnerportal.nda.rest.NdaDtos.PortalGrantView;
import org.partnerportal.nda.rest.NdaDtos.ProposalAnalytics;
import org.partnerportal.nda.rest.NdaDtos.ProposalContent;
import org.partnerportal.nda.rest.NdaDtos.SendRequest;
import org.partnerportal.nda.rest.NdaDtos.TokenView;
import org.partnerportal.nda.service.NdaService;
import org.partnerportal.nda.service.PortalService;
import org.partnerportal.nda.service.ProposalService;
import org.partnerportal.nda.service.VaultService;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Admin operations on one partner's proposal, tokens, NDAs, vault and portal access. */
@Path("/api/partners/{id}")
@RolesAllowed({ Roles.ADMIN, Roles.SUPER_ADMIN })
@Produces(MediaType.APPLICATION_JSON)
public class PartnerAdminResource {

    private final ProposalService proposals;
    private final NdaService ndas;
    private final VaultService vault;
    private final PortalService portal;
    private final JsonWebToken caller;

    PartnerAdminResource(ProposalService proposals, NdaService ndas, VaultService vault, PortalService portal,
            JsonWebToken caller) {
        this.proposals = proposals;
        this.ndas = ndas;
        this.vault = vault;
        this.portal = portal;
        this.caller = caller;
    }

    @PUT
    @Path("/proposal")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ProposalContent> putProposal(@PathParam("id") String id, @Valid @NotNull ProposalContent body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        body.sections().forEach((k, v) -> {
            if (!Sections.known(k)) {
                errors.add(new Problem.FieldError("sections." + k, "unknown section; one of " + String.join(", ", Sections.ALL)));
            } else if (v == null || v.length() > Sections.MAX_MARKDOWN) {
                errors.add(new Problem.FieldError("sections." + k, "must be Markdown of at most " + Sections.MAX_MARKDOWN + " characters"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return proposals.putContent(id, body.sections(), caller.getSubject()).map(ProposalContent::new);
    }

    @GET
    @Path("/proposal")
    public Uni<ProposalContent> getProposal(@PathParam("id") String id) {
        return proposals.partner(id).chain(() -> proposals.content(id)).map(ProposalContent::new);
    }

    /** How the proposal was read: per section seconds, visits, reports, last read; the totals. */
    @GET
    @Path("/proposal/analytics")
    public Uni<ProposalAnalytics> proposalAnalytics(@PathParam("id") String id) {
        return proposals.analytics(id);
    }

    @POST
    @Path("/proposal-token")
    public Uni<Response> issueToken(@PathParam("id") String id, UriInfo uri) {
        return proposals.issueToken(id, caller.getSubject()).map(t -> Response
                .created(uri.getBaseUriBuilder().path("api/partners/{id}/proposal-tokens/{jti}").build(id, t.jti()))
                .entity(new TokenView(t.token(), t.url(), t.jti(), t.expiresAt())).build());
    }

    @GET
    @Path("/proposal-tokens")
    public Uni<PageResponse<IssuedTokenRow>> tokens(@PathParam("id") String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        return proposals.tokens(id).map(l -> l.stream().map(IssuedTokenRow::of).toList()).map(l -> PageResponse.slice(l, page, size));
    }

    @DELETE
    @Path("/proposal-tokens/{jti}")
    public Uni<Response> revoke(@PathParam("id") String id, @PathParam("jti") String jti) {
        return proposals.revoke(id, jti).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/legacy-codes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addLegacyCode(@PathParam("id") String id, @Valid @NotNull LegacyCode body) {
        return proposals.addLegacyCode(id, body.code(), caller.getSubject()).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/invitation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> invite(@PathParam("id") String id, @Valid SendRequest body) {
        SendRequest b = body == null ? new SendRequest(null, null, null, null) : body;
        return proposals.sendInvitation(id, b.recipient(), b.contactName(), b.lang(), caller.getSubject())
                .map(i -> Response.accepted(new InvitationView(i.recipient(), i.jti(), i.expiresAt())).build());
    }

    @POST
    @Path("/portal-access")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> portalAccess(@PathParam("id") String id, @Valid SendRequest body) {
        SendRequest b = body == null ? new SendRequest(null, null, null, null) : body;
        return portal.sendAccess(id, b.recipient(), b.contactName(), b.lang(), Boolean.TRUE.equals(b.rotate()), caller.getSubject())
                .map(g -> Response.accepted(new PortalGrantView(g.recipient(), g.keyVersion(), g.url(), g.expiresAt())).build());
    }

    @POST
    @Path("/portal-access/rotate")
    public Uni<KeyVersionView> rotate(@PathParam("id") String id) {
        return portal.rotate(id, caller.getSubject()).map(KeyVersionView::new);
    }

    @GET
    @Path("/ndas")
    public Uni<PageResponse<NdaRecordView>> ndas(@PathParam("id") String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        return ndas.history(id).map(l -> l.stream().map(NdaRecordView::of).toList()).map(l -> PageResponse.slice(l, page, size));
    }

    @POST
    @Path("/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(@PathParam("id") String id, @RestForm("file") FileUpload file,
            @RestForm("title") String title, @RestForm("requiresNda") String requiresNda, @RestForm("type") String type,
            @RestForm("status") String status, @RestForm("eventId") String eventId, @RestForm("notes") String notes,
            UriInfo uri) {
        if (file == null) {
            throw ProblemException.badRequest("file", "is required");
        }
        String t = title == null || title.isBlank() ? file.fileName() : title.trim();
        if (t == null || t.isBlank() || t.length() > 200) {
            throw ProblemException.badRequest("title", "is required, at most 200 characters");
        }
        if (requiresNda != null && !requiresNda.matches("true|false")) {
            throw ProblemException.badRequest("requiresNda", "must be true or false");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String[] key : new String[][] { { "type", type }, { "status", status } }) {
            if (key[1] != null && !key[1].isBlank() && !key[1].trim().matches(VaultItem.KEY_PATTERN)) {
                errors.add(new Problem.FieldError(key[0], NdaDtos.KEY_MESSAGE));
            }
        }
        if (eventId != null && eventId.length() > 100) {
            errors.add(new Problem.FieldError("eventId", "must be at most 100 characters"));
        }
        if (notes != null && notes.length() > 2000) {
            errors.add(new Problem.FieldError("notes", "must be at most 2000 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        VaultService.Meta meta = new VaultService.Meta(blankToNull(type), blankToNull(status), eventId, notes);
        return vault.addFile(id, t, !"false".equals(requiresNda), file.fileName(), file.contentType(), file.uploadedFile(),
                file.size(), meta, caller.getSubject())
                .map(item -> created(uri, id, DocumentView.of(item)));
    }

    @POST
    @Path("/documents")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addLink(@PathParam("id") String id, @Valid @NotNull LinkDocument body, UriInfo uri) {
        return vault.addLink(id, body.title().trim(), body.url(), body.gated(),
                new VaultService.Meta(body.type(), body.status(), body.eventId(), body.notes()), caller.getSubject())
                .map(item -> created(uri, id, DocumentView.of(item)));
    }

    private static Response created(UriInfo uri, String partnerId, DocumentView view) {
        URI location = uri.getBaseUriBuilder().path("api/partners/{id}/documents/{doc}").build(partnerId, view.id());
        return Response.created(location).entity(view).build();
    }

    @GET
    @Path("/documents")
    public Uni<PageResponse<DocumentView>> documents(@PathParam("id") String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        return vault.list(id).map(l -> l.stream().map(DocumentView::of).toList()).map(l -> PageResponse.slice(l, page, size));
    }

    @GET
    @Path("/documents/{doc}")
    public Uni<DocumentView> document(@PathParam("id") String id, @PathParam("doc") String doc) {
        return vault.list(id).map(l -> l.stream().filter(i -> i.id().equals(doc)).findFirst().map(DocumentView::of)
                .orElseThrow(() -> ProblemException.notFound("Document", doc)));
    }

    /** Changes a file's or link's title, type, status, event, notes, NDA gate (or a link's URL): JSON merge patch, audited. */
    @PATCH
    @Path("/documents/{doc}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    public Uni<DocumentView> updateDocument(@PathParam("id") String id, @PathParam("doc") String doc,
            @NotNull ObjectNode patch) {
        return vault.update(id, doc, patch, caller.getSubject()).map(DocumentView::of);
    }

    /** Removes a file or link (a tombstone, audited); 204, again 204. */
    @DELETE
    @Path("/documents/{doc}")
    public Uni<Response> removeDocument(@PathParam("id") String id, @PathParam("doc") String doc) {
        return vault.remove(id, doc, caller.getSubject()).replaceWith(Response.noContent().build());
    }

    /** Who changed or removed the document and when, newest first. */
    @GET
    @Path("/documents/{doc}/history")
    public Uni<List<DocumentChangeView>> documentHistory(@PathParam("id") String id, @PathParam("doc") String doc) {
        return vault.history(id, doc).map(h -> h.stream().map(DocumentChangeView::of).toList());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The file itself, for the staff who uploaded it or look after the partner (the portal serves it to the partner). */
    @GET
    @Path("/documents/{doc}/content")
    @Produces({ MediaType.APPLICATION_OCTET_STREAM, "application/problem+json" })
    public Uni<Response> content(@PathParam("id") String id, @PathParam("doc") String doc) {
        return vault.file(id, doc).map(PortalResource::attachment);
    }

    @GET
    @Path("/downloads")
    public Uni<PageResponse<DownloadView>> downloads(@PathParam("id") String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
        return vault.downloads(id).map(l -> l.stream().map(DownloadView::of).toList()).map(l -> PageResponse.slice(l, page, size));
    }
}

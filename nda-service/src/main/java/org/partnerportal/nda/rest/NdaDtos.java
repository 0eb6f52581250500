package org.partnerportal.nda.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.partnerportal.nda.domain.ActionItemRef;
import org.partnerportal.nda.domain.DownloadRecord;
import org.partnerportal.nda.domain.NdaRecord;
import org.partnerportal.nda.domain.Proposal;
import org.partnerportal.nda.domain.VaultDocument;
import org.partnerportal.nda.domain.VaultItem;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request and response bodies of nda-service; the mappers below keep them apart from the stored documents. */
public final class NdaDtos {

    private NdaDtos() {
    }

    public record ProposalContent(@NotNull Map<String, String> sections) {
    }

    public record TokenView(String token, String url, String jti, Instant expiresAt) {
    }

    public record IssuedTokenRow(String jti, Instant issuedAt, Instant expiresAt, String issuedBy, Instant revokedAt) {
        static IssuedTokenRow of(Proposal.IssuedToken t) {
            return new IssuedTokenRow(t.jti, t.issuedAt, t.expiresAt, t.issuedBy, t.revokedAt);
        }
    }

    public record SendRequest(@Email @Size(max = 254) String recipient, @Size(max = 200) String contactName,
            @Pattern(regexp = "en|ar", message = "must be en or ar") String lang, Boolean rotate) {
    }

    public record InvitationView(String recipient, String jti, Instant expiresAt) {
    }

    public record PortalGrantView(String recipient, long keyVersion, String url, Instant expiresAt) {
    }

    public record KeyVersionView(long keyVersion) {
    }

    public record LegacyCode(@NotBlank @Size(min = 6, max = 200) String code) {
    }

    public record ViewReport(@NotNull @Pattern(regexp = "hero|terms|metrics|value|modules|why|next_steps|cta|documents",
            message = "must be one of hero, terms, metrics, value, modules, why, next_steps, cta, documents") String section,
            @NotNull @Min(0) @Max(3600) Integer seconds,
            /** One per showing of the page (the proposal page makes a UUID); absent: the report is a visit of its own. */
            @Pattern(regexp = "[A-Za-z0-9-]{8,64}", message = "must be 8 to 64 letters, digits or dashes") String visitId) {
    }

    public record ViewAccepted(String section, int seconds, boolean first, boolean visitStart) {
    }

    /** Reading of one section: seconds in total, visits that read it, reports, the last one. */
    public record SectionReading(String section, long seconds, long visits, long reports, Instant lastReadAt) {
    }

    /** The admin's proposal analytics: per section in page order, and the totals. */
    public record ProposalAnalytics(String partnerId, long visits, long seconds, long reports, Instant firstViewedAt,
            Instant lastViewedAt, List<SectionReading> sections) {
    }

    public record ProposalView(String partnerId, String partnerName, Map<String, String> sections) {
    }

    public record NdaSubmission(@NotBlank @Size(max = 200) String contactName,
            @NotBlank @Email @Size(max = 254) String contactEmail, @NotBlank @Size(max = 200) String contactTitle,
            @NotBlank @Size(max = 200) String signature, @NotBlank @Size(max = 40) String templateVersion,
            @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a hex SHA-256") String textSha256) {
    }

    public record NdaReceipt(String reference, Instant signedAt, String signedAtLocal, Instant expiresAt) {
        static NdaReceipt of(NdaRecord r) {
            return new NdaReceipt(r.reference, r.signedAt, r.signedAtLocal, r.expiresAt);
        }
    }

    /** An NDA record with its whole evidence, for admins. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NdaRecordView(String reference, long seq, String partnerId, String partnerName, String contactName,
            String contactEmail, String contactTitle, String signature, String ip, String userAgent, Instant signedAt,
            String signedAtLocal, String timeZone, Instant expiresAt, String templateVersion, String lang, String textSha256,
            String consent, String authMethod, String issuer, String prevHash, String hash, String seal, String sealKeyId,
            Instant resetAt) {
        static NdaRecordView of(NdaRecord r) {
            return new NdaRecordView(r.reference, r.seq, r.partnerId, r.partnerName, r.contactName, r.contactEmail,
                    r.contactTitle, r.signature, r.ip, r.userAgent, r.signedAt, r.signedAtLocal, r.timeZone, r.expiresAt,
                    r.templateVersion, r.lang, r.textSha256, r.consent, r.authMethod, r.issuer, r.prevHash, r.hash, r.seal,
                    r.sealKeyId, r.resetAt);
        }
    }

    /** What the portal shows of an NDA: no IP, no User-Agent. */
    public record PortalNda(String reference, String signerName, Instant signedAt, String signedAtLocal, Instant expiresAt,
            boolean valid) {
        static PortalNda of(NdaRecord r, Instant now) {
            return new PortalNda(r.reference, r.contactName, r.signedAt, r.signedAtLocal, r.expiresAt, r.expiresAt.isAfter(now));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentView(String id, String title, String kind, boolean requiresNda, String filename,
            String contentType, Long size, String sha256, String url, Instant createdAt, String ndaReference, String type,
            String status, String eventId, String notes, Instant updatedAt) {
        static DocumentView of(VaultItem i) {
            return new DocumentView(i.id(), i.title(), i.kind(), i.requiresNda(), i.filename(), i.contentType(), i.size(),
                    i.sha256(), i.url(), i.createdAt(), i.ndaReference(), i.type(), i.status(), i.eventId(), i.notes(),
                    i.updatedAt());
        }
    }

    static final String KEY_MESSAGE = "must be a key such as general (lower-case letters, digits, _ and -; at most 40)";

    /** {@code requiresNda} left out: gated, as an uploaded file is. */
    public record LinkDocument(@NotBlank @Size(max = 200) String title,
            @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String url,
            Boolean requiresNda,
            @Pattern(regexp = VaultItem.KEY_PATTERN, message = KEY_MESSAGE) String type,
            @Pattern(regexp = VaultItem.KEY_PATTERN, message = KEY_MESSAGE) String status,
            @Size(max = 100) String eventId,
            @Size(max = 2000) String notes) {
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean gated() {
            return !Boolean.FALSE.equals(requiresNda);
        }
    }

    /** One audited change of a vault document: who, when, what (updated or removed) and which fields. */
    public record DocumentChangeView(Instant at, String by, String action, List<String> fields) {
        static DocumentChangeView of(VaultDocument.AuditEntry e) {
            return new DocumentChangeView(e.at, e.by, e.action, e.fields == null ? List.of() : e.fields);
        }
    }

    public record LinkDownload(String documentId, String title, String url) {
    }

    /**
     * A vault document as the portal lists it: never a link's address, which only the gate
     * ({@code GET /api/portal/{token}/documents/{id}}) gives out, checked and audited.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PortalDocument(String id, String title, String kind, boolean requiresNda, String filename,
            String contentType, Long size, String sha256, Instant createdAt, String ndaReference) {
        static PortalDocument of(VaultItem i) {
            return new PortalDocument(i.id(), i.title(), i.kind(), i.requiresNda(), i.filename(), i.contentType(), i.size(),
                    i.sha256(), i.createdAt(), i.ndaReference());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DownloadView(String id, String documentId, String title, String downloadedBy, String auth, Instant at,
            String ip, String userAgent, String documentSha256, String ndaReference, String allowedBy) {
        static DownloadView of(DownloadRecord d) {
            return new DownloadView(d.id, d.documentId, d.title, d.downloadedBy, d.auth, d.at, d.ip, d.userAgent,
                    d.documentSha256, d.ndaReference, d.allowedBy);
        }
    }

    public record PortalPartner(String id, String name, String tier, String stage) {
    }

    public record PortalActionItem(String actionId, String title, String assignee, String dueDate, String status) {
        static PortalActionItem of(ActionItemRef i) {
            return new PortalActionItem(i.id, i.title, i.assignee, i.dueDate, i.status);
        }
    }

    public record PortalView(PortalPartner partner, List<PortalNda> ndas, List<PortalDocument> documents,
            List<PortalActionItem> actionItems, String timelineUrl) {
    }
}

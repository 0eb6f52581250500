package org.partnerportal.nda.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The payloads nda-service publishes. Public topic {@value #TOPIC}: never a token, a link with a
 * token, a signature image or the proposal content. Private topic {@value #REQUESTS}: e-mails whose
 * variables hold token links, read only by notification-service. Schemas beside them in
 * {@code META-INF/asyncapi/}.
 */
public final class NdaEvents {

    public static final String TOPIC = "nda-events";
    public static final String REQUESTS = "notification-requests";

    private NdaEvents() {
    }

    public record ProposalIssued(String partnerId, String partnerName, String jti, Instant expiresAt, String issuedBy,
            Instant issuedAt) {
    }

    public record ProposalInvitationSent(String partnerId, String recipient, String sentBy, Instant at) {
    }

    /** {@code visitStart}: this report opens a visit of the proposal page (the view count counts these). */
    public record ProposalViewed(String partnerId, String section, int seconds, boolean first, String visitId,
            boolean visitStart, Instant viewedAt) {
    }

    public record NdaSigned(String partnerId, String partnerName, String reference, String signerName, String signerEmail,
            String signerTitle, String templateVersion, String textSha256, Instant signedAt, String signedAtLocal,
            Instant expiresAt) {
    }

    public record PortalAccessGranted(String partnerId, String recipient, long keyVersion, String grantedBy, Instant at) {
    }

    /** The portal was opened; once per visit gap (reloads within it are the same visit). */
    public record PortalVisited(String partnerId, String visitedBy, Instant at) {
    }

    /** The portal key version was bumped: every link of an older version is revoked (no link, token or key in it). */
    public record PortalKeyRotated(String partnerId, long keyVersion, String rotatedBy, Instant rotatedAt) {
    }

    /** A demo partner was reset here; every other service resets its own data of the partner. */
    public record DemoResetRequested(String partnerId, String requestedBy, Instant requestedAt) {
    }

    public record DocumentDownloaded(String partnerId, String documentId, String title, String ndaReference,
            String downloadedBy, Instant at) {
    }

    public record DocumentAdded(String partnerId, String documentId, String title, String kind, boolean requiresNda,
            Instant at) {
    }

    /** An admin changed a vault document's fields (never its bytes); {@code changedFields} names them. */
    public record DocumentUpdated(String partnerId, String documentId, String title, List<String> changedFields,
            String updatedBy, Instant at) {
    }

    /** An admin removed a vault document: kept as a tombstone for the audit, no longer listed or served. */
    public record DocumentRemoved(String partnerId, String documentId, String title, String removedBy, Instant at) {
    }

    /** {@code to} is what notification-service reads today; {@code recipients} is the contract's name. */
    public record NotificationRequested(String requestId, String template, String lang, List<String> recipients,
            List<String> to, String partnerId, Map<String, Object> variables, List<Attachment> attachments) {
    }

    public record Attachment(String filename, String contentType, String base64) {
    }
}

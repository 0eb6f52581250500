package org.partnerportal.events;

import java.time.Instant;
import java.util.List;

/**
 * What nda-service publishes on the public topic {@value #TOPIC}: never a token, a link with a
 * token, a signature image or the proposal content. Its e-mails whose variables hold token links go
 * on the private {@link NotificationRequests#TOPIC}. Schemas: {@code META-INF/asyncapi/nda-events/}.
 */
public final class NdaEvents {

    public static final String TOPIC = "nda-events";

    private NdaEvents() {
    }

    public static final EventType<ProposalIssued> PROPOSAL_ISSUED =
            EventType.of("ProposalIssued", 1, TOPIC, ProposalIssued.class);
    public static final EventType<ProposalInvitationSent> PROPOSAL_INVITATION_SENT =
            EventType.of("ProposalInvitationSent", 1, TOPIC, ProposalInvitationSent.class);
    public static final EventType<ProposalViewed> PROPOSAL_VIEWED =
            EventType.of("ProposalViewed", 1, TOPIC, ProposalViewed.class);
    public static final EventType<NdaSigned> NDA_SIGNED = EventType.of("NdaSigned", 1, TOPIC, NdaSigned.class);
    public static final EventType<PortalAccessGranted> PORTAL_ACCESS_GRANTED =
            EventType.of("PortalAccessGranted", 1, TOPIC, PortalAccessGranted.class);
    public static final EventType<PortalVisited> PORTAL_VISITED =
            EventType.of("PortalVisited", 1, TOPIC, PortalVisited.class);
    public static final EventType<PortalKeyRotated> PORTAL_KEY_ROTATED =
            EventType.of("PortalKeyRotated", 1, TOPIC, PortalKeyRotated.class);
    public static final EventType<DemoResetRequested> DEMO_RESET_REQUESTED =
            EventType.of("DemoResetRequested", 1, TOPIC, DemoResetRequested.class);
    public static final EventType<DocumentDownloaded> DOCUMENT_DOWNLOADED =
            EventType.of("DocumentDownloaded", 1, TOPIC, DocumentDownloaded.class);
    public static final EventType<DocumentAdded> DOCUMENT_ADDED =
            EventType.of("DocumentAdded", 1, TOPIC, DocumentAdded.class);
    public static final EventType<DocumentUpdated> DOCUMENT_UPDATED =
            EventType.of("DocumentUpdated", 1, TOPIC, DocumentUpdated.class);
    public static final EventType<DocumentRemoved> DOCUMENT_REMOVED =
            EventType.of("DocumentRemoved", 1, TOPIC, DocumentRemoved.class);

    /** Every type published on {@value #TOPIC}. */
    public static final List<EventType<?>> ALL = List.of(
            PROPOSAL_ISSUED,
            PROPOSAL_INVITATION_SENT,
            PROPOSAL_VIEWED,
            NDA_SIGNED,
            PORTAL_ACCESS_GRANTED,
            PORTAL_VISITED,
            PORTAL_KEY_ROTATED,
            DEMO_RESET_REQUESTED,
            DOCUMENT_DOWNLOADED,
            DOCUMENT_ADDED,
            DOCUMENT_UPDATED,
            DOCUMENT_REMOVED);

    public record ProposalIssued(String partnerId, String partnerName, String jti, Instant expiresAt, String issuedBy,
            Instant issuedAt) implements PartnerScoped {
    }

    public record ProposalInvitationSent(String partnerId, String recipient, String sentBy, Instant at) implements PartnerScoped {
    }

    /** {@code visitStart}: this report opens a visit of the proposal page (the view count counts these). */
    public record ProposalViewed(String partnerId, String section, int seconds, boolean first, String visitId,
            boolean visitStart, Instant viewedAt) implements PartnerScoped {
    }

    public record NdaSigned(String partnerId, String partnerName, String reference, String signerName, String signerEmail,
            String signerTitle, String templateVersion, String textSha256, Instant signedAt, String signedAtLocal,
            Instant expiresAt) implements PartnerScoped {
    }

    public record PortalAccessGranted(String partnerId, String recipient, long keyVersion, String grantedBy, Instant at) implements PartnerScoped {
    }

    /** The portal was opened; once per visit gap (reloads within it are the same visit). */
    public record PortalVisited(String partnerId, String visitedBy, Instant at) implements PartnerScoped {
    }

    /** The portal key version was bumped: every link of an older version is revoked (no link, token or key in it). */
    public record PortalKeyRotated(String partnerId, long keyVersion, String rotatedBy, Instant rotatedAt) implements PartnerScoped {
    }

    /** A demo partner was reset here; every other service resets its own data of the partner. */
    public record DemoResetRequested(String partnerId, String requestedBy, Instant requestedAt) implements PartnerScoped {
    }

    public record DocumentDownloaded(String partnerId, String documentId, String title, String ndaReference,
            String downloadedBy, Instant at) implements PartnerScoped {
    }

    public record DocumentAdded(String partnerId, String documentId, String title, String kind, boolean requiresNda,
            Instant at) implements PartnerScoped {
    }

    /** An admin changed a vault document's fields (never its bytes); {@code changedFields} names them. */
    public record DocumentUpdated(String partnerId, String documentId, String title, List<String> changedFields,
            String updatedBy, Instant at) implements PartnerScoped {
    }

    /** An admin removed a vault document: kept as a tombstone for the audit, no longer listed or served. */
    public record DocumentRemoved(String partnerId, String documentId, String title, String removedBy, Instant at) implements PartnerScoped {
    }
}

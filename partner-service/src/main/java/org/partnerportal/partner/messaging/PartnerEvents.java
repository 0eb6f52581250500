package org.partnerportal.partner.messaging;

import java.time.Instant;
import java.util.List;

/**
 * The payloads published on {@code partner-events}. They carry what consumers need to act without
 * calling back (names, e-mails, the primary contact) and never a secret. One JSON Schema per type:
 * {@code src/main/resources/META-INF/asyncapi/partner-events/<Type>.v1.json}; the AsyncAPI document
 * beside them lists the channel.
 */
public final class PartnerEvents {

    public static final String TOPIC = "partner-events";

    private PartnerEvents() {
    }

    public record ContactRef(String name, String email) {
    }

    public record AccessRequested(String requestId, String name, String email, String company,
            String requestedPartnerId, String message, Instant requestedAt, String lang) {
    }

    public record AccessApproved(String requestId, String partnerId, String partnerName, String name, String email,
            String company, String notes, String reviewedBy, Instant reviewedAt, String portalUrl, String lang) {
    }

    public record AccessDenied(String requestId, String name, String email, String company, String notes,
            String reviewedBy, Instant reviewedAt, String lang) {
    }

    /** {@code demo}: the local stack's demo partner, which nda-service may reset; never a real one. */
    public record PartnerCreated(String partnerId, String name, String industry, String tier, String stage,
            ContactRef primaryContact, List<String> tags, boolean alumni, boolean demo, String createdBy,
            Instant createdAt) {
    }

    public record PartnerUpdated(String partnerId, String name, String industry, String tier, String stage,
            ContactRef primaryContact, List<String> tags, boolean alumni, boolean archived,
            List<String> changedFields, String updatedBy, Instant updatedAt, long version) {
    }

    public record PartnerStageChanged(String partnerId, String name, String from, String to, String trigger,
            String reason, String changedBy, Instant changedAt) {
    }

    public record PartnerArchived(String partnerId, String name, String archivedBy, Instant archivedAt) {
    }

    public record PartnerRestored(String partnerId, String name, String restoredBy, Instant restoredAt) {
    }

    public record PartnerDeleted(String partnerId, String name, String deletedBy, Instant deletedAt) {
    }

    public record PartnerInvited(String partnerId, String partnerName, String email, String name,
            String registerUrl, String invitedBy, Instant invitedAt) {
    }
}

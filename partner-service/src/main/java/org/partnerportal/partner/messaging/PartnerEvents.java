package org.partnerportal.partner.messaging;

import java.time.Instant;

/**
 * The payloads published on {@code partner-events}. They carry what consumers need to act without
 * calling back (names, e-mails, the primary contact) and never a secret. Schemas:
 * {@code src/main/resources/META-INF/asyncapi/partner-events/}.
 */
public final class PartnerEvents {

    public static final String TOPIC = "partner-events";

    private PartnerEvents() {
    }

    public record ContactRef(String name, String email) {
    }

    public record AccessRequested(String requestId, String name, String email, String company,
            String requestedPartnerId, String message, Instant requestedAt) {
    }

    public record AccessApproved(String requestId, String partnerId, String partnerName, String name, String email,
            String company, String notes, String reviewedBy, Instant reviewedAt, String portalUrl) {
    }

    public record AccessDenied(String requestId, String name, String email, String company, String notes,
            String reviewedBy, Instant reviewedAt) {
    }

    public record PartnerCreated(String partnerId, String name, String industry, String tier, String stage,
            ContactRef primaryContact, Instant createdAt) {
    }
}

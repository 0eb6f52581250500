package org.partnerportal.events;

import java.time.Instant;
import java.util.List;

/**
 * The payloads published on {@code partner-events}. They carry what consumers need to act without
 * calling back (names, e-mails, the primary contact) and never a secret. One JSON Schema per type:
 * {@code META-INF/asyncapi/partner-events/<Type>.v1.json} in this module; partner-service's AsyncAPI
 * document lists the channel.
 */
public final class PartnerEvents {

    public static final String TOPIC = "partner-events";

    private PartnerEvents() {
    }

    public static final EventType<AccessRequested> ACCESS_REQUESTED =
            EventType.of("AccessRequested", 1, TOPIC, AccessRequested.class);
    public static final EventType<AccessApproved> ACCESS_APPROVED =
            EventType.of("AccessApproved", 1, TOPIC, AccessApproved.class);
    public static final EventType<AccessDenied> ACCESS_DENIED =
            EventType.of("AccessDenied", 1, TOPIC, AccessDenied.class);
    public static final EventType<PartnerCreated> PARTNER_CREATED =
            EventType.of("PartnerCreated", 1, TOPIC, PartnerCreated.class);
    public static final EventType<PartnerUpdated> PARTNER_UPDATED =
            EventType.of("PartnerUpdated", 1, TOPIC, PartnerUpdated.class);
    public static final EventType<PartnerStageChanged> PARTNER_STAGE_CHANGED =
            EventType.of("PartnerStageChanged", 1, TOPIC, PartnerStageChanged.class);
    public static final EventType<PartnerArchived> PARTNER_ARCHIVED =
            EventType.of("PartnerArchived", 1, TOPIC, PartnerArchived.class);
    public static final EventType<PartnerRestored> PARTNER_RESTORED =
            EventType.of("PartnerRestored", 1, TOPIC, PartnerRestored.class);
    public static final EventType<PartnerDeleted> PARTNER_DELETED =
            EventType.of("PartnerDeleted", 1, TOPIC, PartnerDeleted.class);
    public static final EventType<PartnerInvited> PARTNER_INVITED =
            EventType.of("PartnerInvited", 1, TOPIC, PartnerInvited.class);

    /** Every type published on {@value #TOPIC}. */
    public static final List<EventType<?>> ALL = List.of(
            ACCESS_REQUESTED,
            ACCESS_APPROVED,
            ACCESS_DENIED,
            PARTNER_CREATED,
            PARTNER_UPDATED,
            PARTNER_STAGE_CHANGED,
            PARTNER_ARCHIVED,
            PARTNER_RESTORED,
            PARTNER_DELETED,
            PARTNER_INVITED);

    public record ContactRef(String name, String email) {
    }

    public record AccessRequested(String requestId, String name, String email, String company,
            String requestedPartnerId, String message, Instant requestedAt, String lang) {
    }

    public record AccessApproved(String requestId, String partnerId, String partnerName, String name, String email,
            String company, String notes, String reviewedBy, Instant reviewedAt, String portalUrl, String lang) implements PartnerScoped {
    }

    public record AccessDenied(String requestId, String name, String email, String company, String notes,
            String reviewedBy, Instant reviewedAt, String lang) {
    }

    /** {@code demo}: the local stack's demo partner, which nda-service may reset; never a real one. */
    public record PartnerCreated(String partnerId, String name, String industry, String tier, String stage,
            ContactRef primaryContact, List<String> tags, boolean alumni, boolean demo, String createdBy,
            Instant createdAt) implements PartnerScoped {
    }

    public record PartnerUpdated(String partnerId, String name, String industry, String tier, String stage,
            ContactRef primaryContact, List<String> tags, boolean alumni, boolean archived,
            List<String> changedFields, String updatedBy, Instant updatedAt, long version) implements PartnerScoped {
    }

    public record PartnerStageChanged(String partnerId, String name, String from, String to, String trigger,
            String reason, String changedBy, Instant changedAt) implements PartnerScoped {
    }

    public record PartnerArchived(String partnerId, String name, String archivedBy, Instant archivedAt) implements PartnerScoped {
    }

    public record PartnerRestored(String partnerId, String name, String restoredBy, Instant restoredAt) implements PartnerScoped {
    }

    public record PartnerDeleted(String partnerId, String name, String deletedBy, Instant deletedAt) implements PartnerScoped {
    }

    public record PartnerInvited(String partnerId, String partnerName, String email, String name,
            String registerUrl, String invitedBy, Instant invitedAt) implements PartnerScoped {
    }
}

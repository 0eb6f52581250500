package org.partnerportal.partner.rest;

import java.time.Instant;

import org.partnerportal.partner.domain.AccessRequest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public final class AccessRequestDtos {

    private AccessRequestDtos() {
    }

    public record RegisterRequest(
            @NotBlank @Size(min = 2, max = 100) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 2, max = 200) String company,
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9-]+", message = "must be a partner id") String partnerId,
            @Size(max = 2000) String message,
            /** The register page's language: the approval or denial mail is written in it (default en). */
            @Pattern(regexp = "en|ar", message = "must be en or ar") String lang) {
    }

    public record RegisterAccepted(String id, String status) {
    }

    public record ApproveRequest(
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9-]+", message = "must be a partner id") String partnerId,
            @Size(max = 2000) String notes) {
    }

    public record DenyRequest(@Size(max = 2000) String notes) {
    }

    public record AccessRequestView(String id, String name, String email, String company, String requestedPartnerId,
            String message, String status, String partnerId, String partnerName, String reviewNotes,
            String reviewedBy, Instant reviewedAt, Instant createdAt, Instant updatedAt, String lang) {

        public static AccessRequestView of(AccessRequest r) {
            return new AccessRequestView(r.id, r.name, r.email, r.company, r.requestedPartnerId, r.message, r.status,
                    r.partnerId, r.partnerName, r.reviewNotes, r.reviewedBy, r.reviewedAt, r.createdAt, r.updatedAt,
                    r.langOrDefault());
        }
    }
}

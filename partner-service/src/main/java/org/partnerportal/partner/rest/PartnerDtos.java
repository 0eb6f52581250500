package org.partnerportal.partner.rest;

import java.time.Instant;
import java.util.List;

import org.partnerportal.partner.domain.Contact;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.domain.Tier;
import org.partnerportal.partner.service.PartnerService;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public final class PartnerDtos {

    private PartnerDtos() {
    }

    public record ContactInput(
            @NotBlank @Size(min = 2, max = 100) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @Size(max = 30) String phone,
            @NotBlank @Size(min = 2, max = 100) String role,
            Boolean isPrimary) {

        Contact toDomain() {
            return new Contact(name.trim(), email.trim().toLowerCase(java.util.Locale.ROOT), phone, role.trim(),
                    Boolean.TRUE.equals(isPrimary));
        }
    }

    public record CreatePartnerRequest(
            @NotBlank @Size(min = 2, max = 200) String name,
            @NotBlank @Size(min = 10, max = 2000) String description,
            @NotBlank @Size(min = 2, max = 100) String industry,
            @Pattern(regexp = "platinum|gold|silver|bronze|community", message = "must be one of platinum, gold, silver, bronze, community") String tier,
            @NotNull @NotEmpty @Size(max = 10) List<@Valid @NotNull ContactInput> contacts,
            @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags) {

        public PartnerService.NewPartner toCommand() {
            return new PartnerService.NewPartner(name, description, industry, Tier.find(tier).orElse(null),
                    contacts.stream().map(ContactInput::toDomain).toList(), tags);
        }
    }

    public record ContactView(String name, String email, String phone, String role, boolean isPrimary) {
    }

    public record PartnerView(String id, String name, String description, String industry, String tier,
            String stage, List<ContactView> contacts, List<String> tags, boolean archived, Instant createdAt,
            Instant updatedAt, long version) {

        public static PartnerView of(Partner p) {
            return new PartnerView(p.id, p.name, p.description, p.industry, p.tier, p.stage,
                    p.contacts.stream().map(c -> new ContactView(c.name, c.email, c.phone, c.role, c.isPrimary)).toList(),
                    List.copyOf(p.tags), p.archived, p.createdAt, p.updatedAt, p.version);
        }
    }

    public record TierView(String key, String label, int sortOrder, String badgeColor, List<String> perks) {
        public static TierView of(Tier t) {
            return new TierView(t.key(), t.label(), t.sortOrder(), t.badgeColor(), t.perks());
        }
    }
}

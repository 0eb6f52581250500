package org.partnerportal.partner.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.partnerportal.partner.domain.CompanyInfo;
import org.partnerportal.partner.domain.Contact;
import org.partnerportal.partner.domain.Engagement;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.domain.Social;
import org.partnerportal.partner.domain.Tier;
import org.partnerportal.partner.rest.validation.HttpUrl;
import org.partnerportal.partner.rest.validation.PastYear;
import org.partnerportal.partner.service.PartnerService;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public final class PartnerDtos {

    /** Any case and surrounding spaces ("Gold", " GOLD "): the tier is stored as its key. */
    static final String TIERS = "(?i)\\s*(platinum|gold|silver|bronze|community)\\s*";
    static final String STAGES = "draft|proposal_sent|meeting_scheduled|nda_signed|mou_signed|active|on_hold|pending|inactive";

    private PartnerDtos() {
    }

    public record ContactInput(
            @NotBlank @Size(min = 2, max = 100) String name,
            @NotBlank @Email(regexp = ".+@.+\\..+") @Size(max = 254) String email,
            @Size(max = 30) @Pattern(regexp = "[0-9+()./ -]*", message = "may hold digits, spaces and + ( ) . / - only") String phone,
            @NotBlank @Size(min = 2, max = 100) String role,
            Boolean isPrimary) {

        Contact toDomain() {
            return new Contact(name.trim(), email.trim().toLowerCase(Locale.ROOT), blankToNull(phone), role.trim(),
                    Boolean.TRUE.equals(isPrimary));
        }

        static ContactInput of(Contact c) {
            return new ContactInput(c.name, c.email, c.phone, c.role, c.isPrimary);
        }
    }

    public record CompanyInfoInput(
            @Pattern(regexp = "startup|small|medium|large|enterprise", message = "must be one of startup, small, medium, large, enterprise") String size,
            @Size(max = 200) String headquarters,
            @PastYear(min = 1800) Integer foundedYear,
            @Size(max = 50) String employeeCount) {

        CompanyInfo toDomain() {
            return new CompanyInfo(size, blankToNull(headquarters), foundedYear, blankToNull(employeeCount));
        }

        static CompanyInfoInput of(CompanyInfo c) {
            return c == null ? null : new CompanyInfoInput(c.size, c.headquarters, c.foundedYear, c.employeeCount);
        }
    }

    public record SocialInput(@HttpUrl String linkedin, @HttpUrl String twitter, @HttpUrl String github,
            @HttpUrl String youtube) {

        Social toDomain() {
            return new Social(linkedin, twitter, github, youtube);
        }

        static SocialInput of(Social s) {
            return s == null ? null : new SocialInput(s.linkedin, s.twitter, s.github, s.youtube);
        }
    }

    /**
     * The writable fields of a partner: the body of {@code POST /api/partners} (seed 000's Zod
     * schema, with {@code stage} in place of {@code status}) and, merged with a JSON merge patch,
     * the outcome of {@code PATCH}. {@code status} is accepted on creation as seed 000's name.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartnerInput(
            @NotBlank @Size(min = 2, max = 200) String name,
            @NotBlank @Size(min = 10, max = 2000) String description,
            @HttpUrl String logo,
            @HttpUrl String website,
            @NotBlank @Size(min = 2, max = 100) String industry,
            @Pattern(regexp = TIERS, message = "must be one of platinum, gold, silver, bronze, community") String tier,
            @Pattern(regexp = STAGES, message = "must be a pipeline stage") String stage,
            @Pattern(regexp = "active|inactive|pending", message = "must be one of active, inactive, pending") String status,
            @Valid CompanyInfoInput companyInfo,
            @NotNull @NotEmpty @Size(max = 10) List<@Valid @NotNull ContactInput> contacts,
            @Valid SocialInput social,
            @Size(max = 20) List<@NotNull @Size(min = 1, max = 50) String> tags,
            Boolean alumni,
            @Size(max = 5000) String notes) {

        public PartnerService.PartnerForm toForm() {
            return new PartnerService.PartnerForm(name, description, blankToNull(logo), blankToNull(website), industry,
                    Tier.find(tier).orElse(null), stage != null ? stage : status,
                    companyInfo == null ? null : companyInfo.toDomain(),
                    contacts.stream().map(ContactInput::toDomain).toList(),
                    social == null ? null : social.toDomain(), tags, alumni, blankToNull(notes));
        }

        /** The partner as a patch applies to it: only what a PATCH may change. */
        static PartnerInput writableOf(Partner p) {
            return new PartnerInput(p.name, p.description, p.logo, p.website, p.industry, p.tier, null, null,
                    CompanyInfoInput.of(p.companyInfo), p.contacts.stream().map(ContactInput::of).toList(),
                    SocialInput.of(p.social), p.tags, null, p.notes);
        }
    }

    public record ContactView(String name, String email, String phone, String role, boolean isPrimary) {
    }

    public record EngagementView(List<String> eventsParticipated, List<String> prizesOffered,
            BigDecimal totalContribution, String engagementLevel, Instant lastEngagementDate) {
        static EngagementView of(Engagement e) {
            return new EngagementView(List.copyOf(e.eventsParticipated), List.copyOf(e.prizesOffered),
                    e.totalContribution, e.engagementLevel, e.lastEngagementDate);
        }
    }

    /**
     * A page of the directory: API.md's list envelope {@code {items, total, page, size}} plus
     * {@code next}, the cursor to pass as {@code after} for the page after this one (absent on the
     * last page).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DirectoryPage(List<PartnerView> items, long total, int page, int size, String next) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartnerView(String id, String name, String description, String logo, String website,
            String industry, String tier, String tierLabel, String tierColor, String stage, Instant stageChangedAt,
            Instant mouSignedAt, String closeOutcome, String closeReason, CompanyInfoInput companyInfo,
            List<ContactView> contacts, EngagementView engagement, SocialInput social, List<String> tags,
            boolean alumni, String notes, int proposalViews, Instant lastTouchAt, boolean archived,
            Instant archivedAt, boolean demo, Instant createdAt, Instant updatedAt, long version) {

        /** What a partner user sees of its own partner: not the admins' internal notes. */
        public static PartnerView forPartnerUser(Partner p) {
            PartnerView v = of(p);
            return new PartnerView(v.id, v.name, v.description, v.logo, v.website, v.industry, v.tier, v.tierLabel,
                    v.tierColor, v.stage, v.stageChangedAt, v.mouSignedAt, null, null, v.companyInfo, v.contacts,
                    v.engagement, v.social, v.tags, v.alumni, null, v.proposalViews, v.lastTouchAt, v.archived,
                    v.archivedAt, v.demo, v.createdAt, v.updatedAt, v.version);
        }

        public static PartnerView of(Partner p) {
            Tier tier = Tier.find(p.tier).orElse(Tier.BRONZE);
            return new PartnerView(p.id, p.name, p.description, p.logo, p.website, p.industry, p.tier, tier.label(),
                    tier.badgeColor(), p.stage, p.stageChangedAt, p.mouSignedAt, p.closeOutcome, p.closeReason,
                    CompanyInfoInput.of(p.companyInfo),
                    p.contacts.stream().map(c -> new ContactView(c.name, c.email, c.phone, c.role, c.isPrimary)).toList(),
                    EngagementView.of(p.engagement), SocialInput.of(p.social), List.copyOf(p.tags), p.alumni, p.notes,
                    p.proposalViews, p.lastTouchAt, p.archived, p.archivedAt, p.demo, p.createdAt, p.updatedAt,
                    p.version);
        }
    }

    public record TierView(String key, String label, int sortOrder, String badgeColor, List<String> perks) {
        public static TierView of(Tier t) {
            return new TierView(t.key(), t.label(), t.sortOrder(), t.badgeColor(), t.perks());
        }
    }

    public record StageMove(@NotBlank @Pattern(regexp = STAGES, message = "must be a pipeline stage") String stage,
            @Size(max = 1000) String reason) {
    }

    public record CloseDeal(@NotBlank @Pattern(regexp = "won|lost|stalled", message = "must be one of won, lost, stalled") String outcome,
            @Size(max = 1000) String reason) {
    }

    public record InviteRequest(@NotBlank @Email(regexp = ".+@.+\\..+") @Size(max = 254) String email,
            @Size(min = 2, max = 100) String name) {
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

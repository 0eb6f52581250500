package org.partnerportal.engagement.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.partnerportal.engagement.domain.Money;
import org.partnerportal.engagement.domain.PartnerEventLink;
import org.partnerportal.engagement.domain.PartnershipEvent;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public final class EventDtos {

    private EventDtos() {
    }

    public record TierInput(
            @Size(max = 60) String tierKey,
            @NotBlank @Size(max = 100) String tierLabel,
            @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 13, fraction = 2) BigDecimal defaultAmount) {
    }

    /** The whole of an event as a client writes it: the body of POST, and what a PATCH merges into. */
    public record EventInput(
            @NotBlank @Size(max = 200) String name,
            @NotNull @Min(2000) @Max(2100) Integer year,
            LocalDate outreachStartDate,
            LocalDate startDate,
            LocalDate endDate,
            @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 13, fraction = 2) BigDecimal sponsorshipGoal,
            @Size(max = 30) List<@Valid @NotNull TierInput> tierConfigs,
            @Size(max = 5000) String notes,
            /** Seed 002's bridge to the main events system: its id and year, both or neither. */
            @Size(max = 100) String linkedMainEventId,
            @Min(2000) @Max(2100) Integer linkedMainEventYear) {
    }

    public record TierView(String tierKey, String tierLabel, BigDecimal defaultAmount) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EventView(String id, String name, int year, String outreachStartDate, String startDate,
            String endDate, BigDecimal sponsorshipGoal, List<TierView> tierConfigs, String notes, boolean archived,
            Instant archivedAt, Instant createdAt, Instant updatedAt, long version, String linkedMainEventId,
            Integer linkedMainEventYear) {

        public static EventView of(PartnershipEvent e) {
            return new EventView(e.id, e.name, e.year, e.outreachStartDate, e.startDate, e.endDate,
                    Money.of(e.sponsorshipGoalCents),
                    e.tierConfigs.stream().map(t -> new TierView(t.tierKey, t.tierLabel, Money.of(t.defaultAmountCents)))
                            .toList(),
                    e.notes, e.archived, e.archivedAt, e.createdAt, e.updatedAt, e.version, e.linkedMainEventId,
                    e.linkedMainEventYear);
        }

        /** The writable part, for merging a PATCH. */
        public EventInput toInput() {
            return new EventInput(name, year, date(outreachStartDate), date(startDate), date(endDate), sponsorshipGoal,
                    tierConfigs.stream().map(t -> new TierInput(t.tierKey(), t.tierLabel(), t.defaultAmount())).toList(),
                    notes, linkedMainEventId, linkedMainEventYear);
        }

        private static LocalDate date(String s) {
            return s == null ? null : LocalDate.parse(s);
        }
    }

    /** The body of {@code PUT /api/events/{eventId}/partners/{partnerId}}. */
    public record LinkInput(
            @Size(max = 80) String status,
            @Size(max = 100) String packageTier,
            @Size(max = 100) String role,
            @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 13, fraction = 2) BigDecimal amount,
            LocalDate followUpDate,
            @Size(max = 5000) String notes) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LinkView(String id, String partnerId, String eventId, String eventName, int eventYear,
            String status, String statusLabel, String packageTier, String packageTierLabel, String role,
            BigDecimal amount, String followUpDate, String notes, Instant createdAt, Instant updatedAt, long version) {

        public static LinkView of(PartnerEventLink l) {
            return new LinkView(l.id, l.partnerId, l.eventId, l.eventName, l.eventYear, l.status, l.statusLabel,
                    l.packageTier, l.packageTierLabel, l.role, Money.of(l.amountCents), l.followUpDate, l.notes,
                    l.createdAt, l.updatedAt, l.version);
        }
    }
}

package org.partnerportal.partner.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The five sponsorship tiers of seed 000, in their sort order, with the seed's badge colours. */
public enum Tier {
    PLATINUM("Platinum", "#B0B0B0", List.of("Keynote slot", "Logo on every event page and stage", "Dedicated booth", "Named prize track", "Quarterly executive briefing")),
    GOLD("Gold", "#FFD700", List.of("Logo on event pages", "Booth", "Prize track", "Recruiting session")),
    SILVER("Silver", "#C0C0C0", List.of("Logo on event pages", "Shared booth", "Mentor slots")),
    BRONZE("Bronze", "#CD7F32", List.of("Logo in the sponsor list", "Mentor slots")),
    COMMUNITY("Community", "#00ED64", List.of("Name in the community partner list"));

    private final String label;
    private final String badgeColor;
    private final List<String> perks;

    Tier(String label, String badgeColor, List<String> perks) {
        this.label = label;
        this.badgeColor = badgeColor;
        this.perks = perks;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    public String badgeColor() {
        return badgeColor;
    }

    public List<String> perks() {
        return perks;
    }

    /** 1 for platinum … 5 for community: what lists sort by. */
    public int sortOrder() {
        return ordinal() + 1;
    }

    public static Optional<Tier> find(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String k = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.key().equals(k)).findFirst();
    }
}

package org.partnerportal.partner.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The partner's involvement, projected from engagement-service's events (never edited through the
 * partner API). Counts are stored beside the lists so that reports can sum them in the database.
 */
public class Engagement {

    /**
     * The link statuses (engagement-service's normalized keys) whose amount is money promised or
     * received. A prospect, a link still being pitched or negotiated, a declined one or a custom
     * status contributes nothing, however large its amount (often just the event's untouched tier
     * preset).
     */
    public static final Set<String> COUNTED_STATUSES = Set.of("committed", "paid");

    /** Events (ids) the partner is linked to. */
    public List<String> eventsParticipated = new ArrayList<>();
    /** Events at which the partner offers a prize (a link whose role is a prize role). */
    public List<String> prizesOffered = new ArrayList<>();
    /**
     * The counted amount per event ({@link #counted}: committed or paid links only), summed into
     * {@code totalContribution}.
     */
    public Map<String, BigDecimal> contributions = new LinkedHashMap<>();
    public int eventsCount;
    public int prizesCount;
    public BigDecimal totalContribution = BigDecimal.ZERO;
    public String engagementLevel = EngagementLevel.LOW.key();
    public Instant lastEngagementDate;

    /** Recomputes what is derived from the lists; called after every change to them. */
    public void recompute() {
        eventsCount = eventsParticipated.size();
        prizesCount = prizesOffered.size();
        totalContribution = contributions.values().stream().filter(v -> v != null)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        engagementLevel = EngagementLevel.of(eventsCount, prizesCount, totalContribution).key();
    }

    /**
     * What a link contributes: its amount when its status is committed or paid, otherwise null
     * (nothing). A link event without a status (published before links carried one) counts nothing.
     */
    public static BigDecimal counted(String status, BigDecimal amount) {
        return status != null && COUNTED_STATUSES.contains(status) ? amount : null;
    }
}

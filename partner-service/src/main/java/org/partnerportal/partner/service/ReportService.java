package org.partnerportal.partner.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.partnerportal.partner.domain.EngagementLevel;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.domain.Stage;
import org.partnerportal.partner.domain.Tier;
import org.partnerportal.partner.repository.PartnerRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The kanban and the tier report (seed 000's {@code tier_report_generator.py}, as an endpoint).
 * The report is grouped in the database; only the five tiers' rows are folded here.
 */
@ApplicationScoped
public class ReportService {

    private final PartnerRepository partners;
    private final Clock clock;

    ReportService(PartnerRepository partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    public record Card(String id, String name, String tier, String tierColor, int proposalViews, Instant lastTouchAt,
            Instant stageChangedAt) {
    }

    public record Column(String stage, String label, int count, List<String> allowedMoves, List<Card> cards) {
    }

    public record Pipeline(List<Column> columns, int total) {
    }

    /** One column per stage (in pipeline order) with the live partners' cards, by tier then name. */
    public Uni<Pipeline> pipeline() {
        return partners.find(new Document("archived", false).append("deletedAt", null),
                new Document("tierRank", 1).append("nameKey", 1)).list().map(all -> {
                    Map<Stage, List<Card>> byStage = new LinkedHashMap<>();
                    for (Stage s : Stage.values()) {
                        byStage.put(s, new ArrayList<>());
                    }
                    for (Partner p : all) {
                        Tier t = Tier.find(p.tier).orElse(Tier.BRONZE);
                        byStage.get(p.stageEnum()).add(new Card(p.id, p.name, t.key(), t.badgeColor(), p.proposalViews,
                                p.lastTouchAt, p.stageChangedAt));
                    }
                    List<Column> columns = byStage.entrySet().stream().map(e -> new Column(e.getKey().key(),
                            e.getKey().label(), e.getValue().size(), e.getKey().allowedMoveKeys(), e.getValue())).toList();
                    return new Pipeline(columns, all.size());
                });
    }

    /**
     * {@code notArchived}: partners not archived, whatever their stage (the stage {@code active} is
     * {@code byStage.active}); {@code active} is the same number under its first name, kept for
     * existing clients.
     */
    public record TierRow(String tier, String label, int sortOrder, long partners, long active, long archived,
            Map<String, Long> byStage, long eventsParticipated, long prizesOffered, BigDecimal totalContribution,
            Map<String, Long> engagementLevels, long notArchived) {
    }

    public record TierReport(Instant generatedAt, List<TierRow> tiers, TierRow totals) {
    }

    /**
     * Per tier: partners, active (not archived) vs archived, live partners by stage, events
     * participated, prizes offered, total contribution and engagement levels (archived partners
     * count in the sums: their history happened).
     */
    public Uni<TierReport> tierReport() {
        List<Document> pipeline = List.of(
                new Document("$match", new Document("deletedAt", null)),
                new Document("$group", new Document("_id", new Document("tier", "$tier").append("stage", "$stage")
                        .append("archived", "$archived").append("level", "$engagement.engagementLevel"))
                        .append("partners", new Document("$sum", 1))
                        .append("events", new Document("$sum", "$engagement.eventsCount"))
                        .append("prizes", new Document("$sum", "$engagement.prizesCount"))
                        .append("contribution", new Document("$push", "$engagement.totalContribution"))));
        return partners.mongoCollection().aggregate(pipeline, Document.class).collect().asList().map(groups -> {
            Map<Tier, Acc> acc = new LinkedHashMap<>();
            for (Tier t : Tier.values()) {
                acc.put(t, new Acc());
            }
            Acc total = new Acc();
            for (Document g : groups) {
                Document key = g.get("_id", Document.class);
                Tier tier = Tier.find(key.getString("tier")).orElse(null);
                if (tier == null) {
                    continue;
                }
                for (Acc a : List.of(acc.get(tier), total)) {
                    a.add(key, g);
                }
            }
            List<TierRow> rows = acc.entrySet().stream().map(e -> e.getValue().row(e.getKey().key(),
                    e.getKey().label(), e.getKey().sortOrder())).toList();
            return new TierReport(clock.instant(), rows, total.row("all", "All tiers", 0));
        });
    }

    private static final class Acc {
        long partners;
        long active;
        long archived;
        long events;
        long prizes;
        BigDecimal contribution = BigDecimal.ZERO;
        final Map<String, Long> byStage = new LinkedHashMap<>();
        final Map<String, Long> levels = new LinkedHashMap<>();

        Acc() {
            for (Stage s : Stage.values()) {
                byStage.put(s.key(), 0L);
            }
            for (EngagementLevel l : EngagementLevel.values()) {
                levels.put(l.key(), 0L);
            }
        }

        void add(Document key, Document g) {
            long n = ((Number) g.get("partners")).longValue();
            partners += n;
            if (Boolean.TRUE.equals(key.getBoolean("archived"))) {
                archived += n;
            } else {
                active += n;
                byStage.merge(Stage.find(key.getString("stage")).map(Stage::key).orElse(key.getString("stage")), n,
                        Long::sum);
            }
            events += number(g.get("events"));
            prizes += number(g.get("prizes"));
            String level = key.getString("level");
            levels.merge(level == null ? EngagementLevel.LOW.key() : level, n, Long::sum);
            for (Object amount : g.getList("contribution", Object.class, List.of())) {
                contribution = contribution.add(decimal(amount));
            }
        }

        TierRow row(String tier, String label, int sortOrder) {
            return new TierRow(tier, label, sortOrder, partners, active, archived, new LinkedHashMap<>(byStage), events, prizes,
                    contribution, new LinkedHashMap<>(levels), active);
        }

        private static long number(Object o) {
            return o instanceof Number n ? n.longValue() : 0L;
        }

        private static BigDecimal decimal(Object o) {
            if (o instanceof Decimal128 d) {
                return d.bigDecimalValue();
            }
            if (o instanceof BigDecimal b) {
                return b;
            }
            if (o instanceof Number n) {
                return new BigDecimal(n.toString());
            }
            return BigDecimal.ZERO;
        }
    }
}

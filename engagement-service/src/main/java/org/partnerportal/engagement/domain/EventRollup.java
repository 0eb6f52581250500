package org.partnerportal.engagement.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

/**
 * The dashboard's figures for one event, kept up to date on every link write so that the
 * dashboard reads one small document per event instead of grouping every link. The document
 * ({@code event_rollups}, id = event id):
 *
 * <pre>
 * { revision,                                    // +1 on every write: the rebuild's compare-and-set
 *   statuses:  { status: { count, amountCents, label } },
 *   followUps: { "YYYY-MM-DD": count },          // open links by follow-up date
 *   followUpLinks: { "YYYY-MM-DD": [partnerId] }, // which ones: the next follow-ups without a scan
 *   links:     { partnerKey: { v, s, l, a, f } } // per link: the version counted, and what it adds
 * }
 * </pre>
 *
 * Invariant: {@code statuses} and {@code followUps} are always the sum of what the {@code links}
 * entries add, because every write changes one entry and the sums by exactly the difference in
 * the same single-document update (or writes a whole document built from its entries). The entry
 * of a link remembers which version of the link it counts, which makes applying a link version
 * idempotent (see {@code RollupApplier}). Each link belongs to one event for life (its id holds
 * the event id), so the entries are bounded by the links of the event: about 100 bytes per link,
 * that is about 1 MB for 10,000 partners on one event (the 16 MB document limit is ~150,000).
 */
public final class EventRollup {

    public static final String REVISION = "revision";
    public static final String STATUSES = "statuses";
    public static final String FOLLOW_UPS = "followUps";
    public static final String FOLLOW_UP_LINKS = "followUpLinks";
    public static final String LINKS = "links";

    private EventRollup() {
    }

    /** The version of a link that a rollup counts, and what it adds (null: nothing, removed). */
    public record Entry(long version, LinkContribution counted) {

        public Document toBson() {
            Document d = counted == null ? new Document() : counted.toBson();
            d.put("v", version);
            return d;
        }

        public static Entry fromBson(Document d) {
            return d == null ? null : new Entry(((Number) d.get("v")).longValue(), LinkContribution.fromBson(d));
        }
    }

    public record StatusFigures(long count, long amountCents, String label) {
    }

    /** The sums of one rollup document, without its per-link entries. */
    public record Figures(String eventId, Map<String, StatusFigures> statuses, Map<String, Long> followUps) {

        public static Figures fromBson(Document d) {
            Map<String, StatusFigures> statuses = new LinkedHashMap<>();
            d.get(STATUSES, new Document()).forEach((status, v) -> {
                Document s = (Document) v;
                statuses.put(status, new StatusFigures(number(s, "count"), number(s, "amountCents"), s.getString("label")));
            });
            Map<String, Long> followUps = new LinkedHashMap<>();
            d.get(FOLLOW_UPS, new Document()).forEach((date, n) -> followUps.put(date, ((Number) n).longValue()));
            return new Figures(d.getString("_id"), statuses, followUps);
        }
    }

    /**
     * The field name of a partner's entry: the partner id with {@code %}, {@code .} and {@code $}
     * escaped, as MongoDB field names must not hold a dot or start with a dollar.
     */
    public static String key(String partnerId) {
        return partnerId.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    /** The {@code $inc} that takes the sums from counting {@code from} to counting {@code to}. */
    public static Map<String, Long> increments(LinkContribution from, LinkContribution to) {
        Map<String, Long> inc = new LinkedHashMap<>();
        add(inc, from, -1);
        add(inc, to, 1);
        inc.values().removeIf(v -> v == 0);
        return inc;
    }

    private static void add(Map<String, Long> inc, LinkContribution c, int sign) {
        if (c == null) {
            return;
        }
        inc.merge(STATUSES + "." + c.status() + ".count", (long) sign, Long::sum);
        inc.merge(STATUSES + "." + c.status() + ".amountCents", sign * c.amountCents(), Long::sum);
        if (c.followUpDate() != null) {
            inc.merge(FOLLOW_UPS + "." + c.followUpDate(), (long) sign, Long::sum);
        }
    }

    /** A whole rollup document built from the links of one event (the rebuild). */
    public static final class Builder {

        private final Map<String, Long> sums = new HashMap<>();
        private final Map<String, String> labels = new HashMap<>();
        private final Document links = new Document();
        private final Map<String, List<String>> followUpLinks = new HashMap<>();

        public void add(String partnerId, long version, LinkContribution counted) {
            links.put(key(partnerId), new Entry(version, counted).toBson());
            if (counted != null && counted.followUpDate() != null) {
                followUpLinks.computeIfAbsent(counted.followUpDate(), d -> new ArrayList<>()).add(partnerId);
            }
            increments(null, counted).forEach((path, v) -> sums.merge(path, v, Long::sum));
            if (counted != null && counted.statusLabel() != null) {
                labels.putIfAbsent(counted.status(), counted.statusLabel());
            }
        }

        public Document toBson(String eventId, long revision) {
            Document statuses = new Document();
            Document followUps = new Document();
            sums.forEach((path, v) -> {
                String[] p = path.split("\\.");
                if (STATUSES.equals(p[0])) {
                    ((Document) statuses.computeIfAbsent(p[1], k -> new Document())).put(p[2], v);
                } else {
                    followUps.put(p[1], v);
                }
            });
            labels.forEach((status, label) -> ((Document) statuses.get(status)).put("label", label));
            return new Document("_id", eventId).append(REVISION, revision).append(STATUSES, statuses)
                    .append(FOLLOW_UPS, followUps).append(FOLLOW_UP_LINKS, new Document(followUpLinks)).append(LINKS, links);
        }
    }

    private static long number(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.longValue() : 0L;
    }
}

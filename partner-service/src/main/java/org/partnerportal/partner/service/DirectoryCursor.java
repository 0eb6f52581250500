package org.partnerportal.partner.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.partner.domain.Partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keyset paging of the partner directory: a page starts after the last partner of the page
 * before, by the sort's own keys and {@code _id}, instead of skipping every partner before it,
 * so page 400 costs what page 1 costs (the store walks the directory index from that key).
 * <p>
 * The cursor ({@code after}, returned as {@code next}) is opaque to clients: base64url of
 * {@code {s: sort, f: filters, p: page, k: [the last partner's sort values and id]}}. It is
 * bound to the sort and the filters it was made with; a cursor that does not decode, or was made
 * for another sort or other filters, is the caller's mistake ({@code 400} on {@code after}).
 */
public final class DirectoryCursor {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A sort of the directory: its keys in order, {@code _id} last so that every partner has its own place. */
    public enum Sort {
        TIER("tier", new Document("tierRank", 1).append("nameKey", 1).append("_id", 1)),
        NAME("name", new Document("nameKey", 1).append("_id", 1)),
        UPDATED_AT("updatedAt", new Document("updatedAt", -1).append("nameKey", 1).append("_id", 1)),
        LAST_ENGAGEMENT("lastEngagement", new Document("engagement.lastEngagementDate", -1).append("tierRank", 1)
                .append("nameKey", 1).append("_id", 1));

        private final String key;
        private final Document order;

        Sort(String key, Document order) {
            this.key = key;
            this.order = order;
        }

        public Document order() {
            return order;
        }

        public static Sort of(String key) {
            for (Sort s : values()) {
                if (s.key.equals(key)) {
                    return s;
                }
            }
            throw ProblemException.badRequest("sort", "must be one of tier, name, updatedAt, lastEngagement");
        }

        /** The partner's values of this sort's keys, in order. */
        List<Object> valuesOf(Partner p) {
            return switch (this) {
                case TIER -> listOf(p.tierRank, p.nameKey, p.id);
                case NAME -> listOf(p.nameKey, p.id);
                case UPDATED_AT -> listOf(p.updatedAt, p.nameKey, p.id);
                case LAST_ENGAGEMENT -> listOf(p.engagement == null ? null : p.engagement.lastEngagementDate,
                        p.tierRank, p.nameKey, p.id);
            };
        }
    }

    private final Sort sort;
    private final String filters;
    private final int page;
    private final List<Object> values;

    private DirectoryCursor(Sort sort, String filters, int page, List<Object> values) {
        this.sort = sort;
        this.filters = filters;
        this.page = page;
        this.values = values;
    }

    /** The cursor of the page after the one that ends with {@code last}, which is page {@code page}. */
    public static String after(Sort sort, String filters, int page, Partner last) {
        ObjectNode node = JSON.createObjectNode().put("s", sort.key).put("f", filters).put("p", page + 1);
        ArrayNode keys = node.putArray("k");
        for (Object v : sort.valuesOf(last)) {
            ObjectNode k = keys.addObject();
            if (v == null) {
                k.put("t", "n");
            } else if (v instanceof Integer i) {
                k.put("t", "i").put("v", i);
            } else if (v instanceof Instant t) {
                k.put("t", "d").put("v", t.toEpochMilli());
            } else {
                k.put("t", "s").put("v", v.toString());
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor a client sent back; 400 on {@code after} for anything but one this list made. */
    public static DirectoryCursor read(String cursor, Sort sort, String filters) {
        JsonNode node;
        try {
            node = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (Exception e) {
            throw invalid("is not a cursor this list returned");
        }
        if (node == null || !node.isObject() || !node.path("k").isArray() || !node.path("p").isInt()
                || node.path("p").asInt() < 0) {
            throw invalid("is not a cursor this list returned");
        }
        if (!sort.key.equals(node.path("s").asText())) {
            throw invalid("was made for another sort; start again without it");
        }
        if (!filters.equals(node.path("f").asText())) {
            throw invalid("was made for other filters; start again without it");
        }
        int expected = sort.order.size();
        if (node.path("k").size() != expected) {
            throw invalid("is not a cursor this list returned");
        }
        List<Object> values = new ArrayList<>();
        for (JsonNode k : node.path("k")) {
            JsonNode v = k.path("v");
            switch (k.path("t").asText()) {
                case "n" -> values.add(null);
                case "i" -> values.add(requireThat(v.isInt(), v.asInt()));
                case "d" -> values.add(requireThat(v.isIntegralNumber(), new Date(v.asLong())));
                case "s" -> values.add(requireThat(v.isTextual(), v.asText()));
                default -> throw invalid("is not a cursor this list returned");
            }
        }
        // only the first key of the last-engagement sort may be missing
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null && !(sort == Sort.LAST_ENGAGEMENT && i == 0)) {
                throw invalid("is not a cursor this list returned");
            }
        }
        return new DirectoryCursor(sort, filters, node.path("p").asInt(), values);
    }

    private static <T> T requireThat(boolean valid, T value) {
        if (!valid) {
            throw invalid("is not a cursor this list returned");
        }
        return value;
    }

    private static ProblemException invalid(String message) {
        return ProblemException.badRequest("after", message);
    }

    /** The page number this cursor's page has (the pages before it counted). */
    public int page() {
        return page;
    }

    /**
     * The condition "after the cursor's partner" in the sort's order: {@code (k1 after v1) or
     * (k1 = v1 and k2 after v2) or ...}; null when nothing can come after it. A missing date sorts
     * below every date, so in a descending sort it comes after every date, and nothing comes after
     * it on that key.
     */
    public Document condition() {
        List<String> keys = new ArrayList<>(sort.order.keySet());
        List<Document> branches = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Document equalBefore = new Document();
            for (int j = 0; j < i; j++) {
                equalBefore.append(keys.get(j), values.get(j));
            }
            String key = keys.get(i);
            Object value = values.get(i);
            boolean ascending = sort.order.getInteger(key) > 0;
            List<Document> later = new ArrayList<>();
            if (value == null) {
                if (ascending) {
                    later.add(new Document(key, new Document("$ne", null)));
                }
            } else if (ascending) {
                later.add(new Document(key, new Document("$gt", value)));
            } else {
                later.add(new Document(key, new Document("$lt", value)));
                later.add(new Document(key, null));
            }
            for (Document l : later) {
                Document branch = new Document(equalBefore);
                branch.putAll(l);
                branches.add(branch);
            }
        }
        return branches.isEmpty() ? null : new Document("$or", branches);
    }

    private static List<Object> listOf(Object... values) {
        List<Object> list = new ArrayList<>(values.length);
        for (Object v : values) {
            list.add(v);
        }
        return list;
    }
}

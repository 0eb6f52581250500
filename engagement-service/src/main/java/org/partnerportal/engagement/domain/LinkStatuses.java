package org.partnerportal.engagement.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline statuses of a partner-event link. Known names and their aliases map to a canonical
 * key; anything else is kept as a custom status under its slug, with the text the admin typed as
 * its label.
 */
public final class LinkStatuses {

    public record Status(String key, String label, boolean custom) {
    }

    public static final String PROSPECT = "prospect";
    public static final String CONTACTED = "contacted";
    public static final String PITCHED = "pitched";
    public static final String NEGOTIATING = "negotiating";
    public static final String COMMITTED = "committed";
    public static final String PAID = "paid";
    public static final String DECLINED = "declined";

    /** Canonical keys in pipeline order, with their labels. */
    public static final Map<String, String> CANONICAL = new LinkedHashMap<>();

    /** Committed revenue counts links in these statuses; paid revenue only {@link #PAID}. */
    public static final List<String> COMMITTED_STATUSES = List.of(COMMITTED, PAID);

    /** No follow-up is due on a link that is settled either way. */
    public static final List<String> CLOSED_STATUSES = List.of(PAID, DECLINED);

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("lead", PROSPECT), Map.entry("prospecting", PROSPECT), Map.entry("new", PROSPECT),
            Map.entry("to_contact", PROSPECT), Map.entry("not_contacted", PROSPECT),
            Map.entry("reached_out", CONTACTED), Map.entry("emailed", CONTACTED), Map.entry("outreach", CONTACTED),
            Map.entry("contact_made", CONTACTED), Map.entry("followed_up", CONTACTED),
            Map.entry("pitch", PITCHED), Map.entry("proposal_sent", PITCHED), Map.entry("deck_sent", PITCHED),
            Map.entry("negotiation", NEGOTIATING), Map.entry("in_conversation", NEGOTIATING),
            Map.entry("in_discussion", NEGOTIATING), Map.entry("in_progress", NEGOTIATING),
            Map.entry("interested", NEGOTIATING),
            Map.entry("confirmed", COMMITTED), Map.entry("signed", COMMITTED), Map.entry("won", COMMITTED),
            Map.entry("yes", COMMITTED), Map.entry("agreed", COMMITTED), Map.entry("invoiced", COMMITTED),
            Map.entry("payment_received", PAID), Map.entry("received", PAID), Map.entry("settled", PAID),
            Map.entry("no", DECLINED), Map.entry("rejected", DECLINED), Map.entry("lost", DECLINED),
            Map.entry("backed_out", DECLINED), Map.entry("not_interested", DECLINED), Map.entry("dead", DECLINED));

    static {
        CANONICAL.put(PROSPECT, "Prospect");
        CANONICAL.put(CONTACTED, "Contacted");
        CANONICAL.put(PITCHED, "Pitched");
        CANONICAL.put(NEGOTIATING, "Negotiating");
        CANONICAL.put(COMMITTED, "Committed");
        CANONICAL.put(PAID, "Paid");
        CANONICAL.put(DECLINED, "Declined");
    }

    public static final Set<String> ALIAS_KEYS = ALIASES.keySet();

    private LinkStatuses() {
    }

    /** The normalized status, or null when the text has no letter or digit. */
    public static Status normalize(String text) {
        String slug = Slugs.of(text);
        if (slug == null) {
            return null;
        }
        String key = CANONICAL.containsKey(slug) ? slug : ALIASES.get(slug);
        if (key != null) {
            return new Status(key, CANONICAL.get(key), false);
        }
        String typed = text.trim().replaceAll("\\s+", " ");
        return new Status(slug, typed.length() > 80 ? Slugs.label(slug) : typed, true);
    }

    /** The label of a stored key: canonical ones have theirs, custom ones get a readable form. */
    public static String labelOf(String key) {
        String known = CANONICAL.get(key);
        return known != null ? known : Slugs.label(key);
    }
}

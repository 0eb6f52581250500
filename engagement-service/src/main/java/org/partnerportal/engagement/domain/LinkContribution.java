package org.partnerportal.engagement.domain;

import org.bson.Document;

/**
 * What one live link adds to the dashboard: one link of {@code status} worth {@code amountCents},
 * and one follow-up on {@code followUpDate} while the link is open (not paid or declined) and
 * dated. A removed link adds nothing ({@link #of} answers null).
 */
public record LinkContribution(String status, String statusLabel, long amountCents, String followUpDate) {

    public static LinkContribution of(PartnerEventLink link) {
        if (link.removed) {
            return null;
        }
        boolean open = !LinkStatuses.CLOSED_STATUSES.contains(link.status);
        boolean dated = link.followUpDate != null && !link.followUpDate.isEmpty();
        return new LinkContribution(link.status, link.statusLabel, link.amountCents == null ? 0L : link.amountCents,
                open && dated ? link.followUpDate : null);
    }

    /** The compact form kept in a rollup entry: {@code s}, {@code l}, {@code a}, {@code f}. */
    public Document toBson() {
        Document d = new Document("s", status).append("l", statusLabel).append("a", amountCents);
        if (followUpDate != null) {
            d.append("f", followUpDate);
        }
        return d;
    }

    /** Reads {@link #toBson()}'s form; an entry without a status counts nothing. */
    public static LinkContribution fromBson(Document d) {
        if (d == null || d.getString("s") == null) {
            return null;
        }
        Object a = d.get("a");
        return new LinkContribution(d.getString("s"), d.getString("l"), a instanceof Number n ? n.longValue() : 0L,
                d.getString("f"));
    }
}

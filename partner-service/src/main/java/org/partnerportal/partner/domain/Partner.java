package org.partnerportal.partner.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.common.problem.ProblemException;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A partner organisation. {@code nameKey} (the lower-cased name) carries the unique index that
 * makes names unique regardless of case; {@code tierRank} lets the database sort by tier order;
 * {@code version} is the optimistic lock every update checks; {@code outbox} holds the events of
 * the last changes until the relay has published them.
 */
@MongoEntity(collection = "partners")
public class Partner {

    public static final String DEMO_ID = "5e7d0000-0000-4000-8000-000000000001";
    public static final int MAX_CONTACTS = 10;
    /** How many consumed event ids a partner remembers, to apply each event once. */
    static final int APPLIED_EVENTS_KEPT = 200;

    @BsonId
    public String id;
    public String name;
    public String nameKey;
    public String description;
    public String logo;
    public String website;
    public String industry;
    public String industryKey;
    public String tier;
    public int tierRank;
    public String stage;
    public Instant stageChangedAt;
    public Instant mouSignedAt;
    public String closeOutcome;
    public String closeReason;
    public Instant closedAt;
    public CompanyInfo companyInfo;
    public List<Contact> contacts = new ArrayList<>();
    public Engagement engagement = new Engagement();
    public Social social;
    public List<String> tags = new ArrayList<>();
    public boolean alumni;
    public String notes;
    public int proposalViews;
    public Instant lastTouchAt;
    /** Set once anything happened with the partner beyond its creation: it can then only be archived. */
    public boolean hasHistory;
    public boolean archived;
    public Instant archivedAt;
    /** A deleted partner stays as a tombstone until its last event is out; every query skips it. */
    public Instant deletedAt;
    public boolean demo;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;
    public List<String> appliedEvents = new ArrayList<>();
    public List<Invite> invites = new ArrayList<>();
    public List<OutboxEvent> outbox = new ArrayList<>();
    /** Set with the events it queues, cleared by the relay once none is left ({@link org.partnerportal.common.outbox.Outbox}). */
    public boolean outboxPending;

    public static String nameKey(String name) {
        return cleanName(name).toLowerCase(Locale.ROOT);
    }

    public static String cleanName(String name) {
        return name.trim().replaceAll("\\s+", " ");
    }

    public void rename(String newName) {
        name = cleanName(newName);
        nameKey = nameKey(newName);
    }

    public void setIndustry(String value) {
        industry = value.trim();
        industryKey = industry.toLowerCase(Locale.ROOT);
    }

    public void applyTier(Tier t) {
        tier = t.key();
        tierRank = t.sortOrder();
    }

    public Stage stageEnum() {
        return Stage.of(stage);
    }

    public void setTags(List<String> raw) {
        List<String> normalized = Tags.normalize(raw);
        if (normalized.size() > Tags.MAX) {
            throw ProblemException.badRequest("tags", "at most " + Tags.MAX + " tags, found " + normalized.size());
        }
        for (String t : normalized) {
            if (t.length() > Tags.MAX_LENGTH) {
                throw ProblemException.badRequest("tags", "a tag is at most " + Tags.MAX_LENGTH + " characters: " + t);
            }
        }
        tags = normalized;
        alumni = tags.contains(Tags.ALUMNI);
    }

    public void setAlumni(boolean value) {
        setTags(Tags.withAlumni(tags, value));
    }

    /**
     * Replaces the contacts, keeping exactly one primary whatever path they came through. A single
     * contact is the primary; when the new list flags the old primary and one other, the newcomer
     * wins and the old primary is demoted; any other count of primaries is refused.
     */
    public void replaceContacts(List<Contact> newContacts) {
        if (newContacts == null || newContacts.isEmpty() || newContacts.size() > MAX_CONTACTS) {
            throw ProblemException.badRequest("contacts", "between 1 and " + MAX_CONTACTS + " contacts are required");
        }
        List<Contact> list = new ArrayList<>(newContacts);
        long emails = list.stream().map(c -> c.email).distinct().count();
        if (emails != list.size()) {
            throw ProblemException.badRequest("contacts", "each contact needs its own e-mail address");
        }
        List<Contact> primaries = list.stream().filter(c -> c.isPrimary).toList();
        if (primaries.isEmpty() && list.size() == 1) {
            list.get(0).isPrimary = true;
        } else if (primaries.size() == 2 && primaryContact() != null
                && primaries.stream().anyMatch(c -> c.email.equals(primaryContact().email))) {
            String oldPrimary = primaryContact().email;
            list.stream().filter(c -> c.email.equals(oldPrimary)).forEach(c -> c.isPrimary = false);
        } else if (primaries.size() != 1) {
            throw ProblemException.badRequest("contacts",
                    "exactly one contact must be primary, found " + primaries.size());
        }
        contacts = list;
    }

    public Contact primaryContact() {
        return contacts.stream().filter(c -> c.isPrimary).findFirst().orElse(null);
    }

    /** Moves the pipeline; the caller has checked that the move is allowed. */
    public void moveTo(Stage target, Instant now) {
        stage = target.key();
        stageChangedAt = now;
        if (target == Stage.MOU_SIGNED && mouSignedAt == null) {
            mouSignedAt = now;
        }
        if (target != Stage.DRAFT) {
            hasHistory = true;
        }
    }

    /** Whether this consumed event was applied already; remembers it otherwise. */
    public boolean alreadyApplied(String eventId) {
        if (appliedEvents.contains(eventId)) {
            return true;
        }
        appliedEvents.add(eventId);
        if (appliedEvents.size() > APPLIED_EVENTS_KEPT) {
            appliedEvents = new ArrayList<>(appliedEvents.subList(appliedEvents.size() - APPLIED_EVENTS_KEPT,
                    appliedEvents.size()));
        }
        return false;
    }

    public void touched(Instant when) {
        hasHistory = true;
        if (when != null && (lastTouchAt == null || when.isAfter(lastTouchAt))) {
            lastTouchAt = when;
        }
    }
}

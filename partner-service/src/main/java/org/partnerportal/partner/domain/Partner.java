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
 * makes names unique regardless of case; {@code tierRank} lets the database sort by tier order.
 */
@MongoEntity(collection = "partners")
public class Partner {

    public static final String DEMO_ID = "5e7d0000-0000-4000-8000-000000000001";

    @BsonId
    public String id;
    public String name;
    public String nameKey;
    public String description;
    public String industry;
    public String tier;
    public int tierRank;
    public String stage;
    public List<Contact> contacts = new ArrayList<>();
    public List<String> tags = new ArrayList<>();
    public boolean archived;
    public boolean demo;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;
    public List<OutboxEvent> outbox = new ArrayList<>();

    public static String nameKey(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    public void applyTier(Tier t) {
        tier = t.key();
        tierRank = t.sortOrder();
    }

    /** Exactly one contact is primary: the rule holds whatever path the contacts came through. */
    public void replaceContacts(List<Contact> newContacts) {
        if (newContacts == null || newContacts.isEmpty() || newContacts.size() > 10) {
            throw ProblemException.badRequest("contacts", "between 1 and 10 contacts are required");
        }
        long primaries = newContacts.stream().filter(c -> c.isPrimary).count();
        if (primaries != 1) {
            throw ProblemException.badRequest("contacts", "exactly one contact must be primary, found " + primaries);
        }
        contacts = new ArrayList<>(newContacts);
    }

    public Contact primaryContact() {
        return contacts.stream().filter(c -> c.isPrimary).findFirst().orElse(null);
    }
}

package org.partnerportal.notification.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.notification.domain.PartnerEntry;
import org.partnerportal.notification.repository.PartnerRepository;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.Updates;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The partners as far as e-mail needs them, projected from the public events, a batch at a time.
 * Idempotent: every write is a {@code $set}, {@code $addToSet}, {@code $pull} or a delete by
 * {@code _id}, and PartnerCreated/Updated not newer than what is stored (by partner-service's
 * version) change nothing.
 */
@ApplicationScoped
public class PartnerDirectory {

    private final PartnerRepository partners;
    private final Clock clock;

    PartnerDirectory(PartnerRepository partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    public Uni<PartnerEntry> find(String partnerId) {
        return partnerId == null ? Uni.createFrom().nullItem() : partners.findById(partnerId);
    }

    /** Partners that are not archived, by tier, stage, event and tag (each filter optional; any of its values). */
    public Uni<List<PartnerEntry>> select(List<String> tiers, List<String> stages, List<String> eventIds,
            List<String> tags) {
        List<Bson> f = new ArrayList<>();
        f.add(Filters.ne("archived", true));
        if (tiers != null && !tiers.isEmpty()) {
            f.add(Filters.in("tier", tiers));
        }
        if (stages != null && !stages.isEmpty()) {
            f.add(Filters.in("stage", stages));
        }
        if (eventIds != null && !eventIds.isEmpty()) {
            f.add(Filters.in("eventIds", eventIds));
        }
        if (tags != null && !tags.isEmpty()) {
            f.add(Filters.in("tags", tags));
        }
        return partners.mongoCollection().find(Filters.and(f)).collect().asList();
    }

    /**
     * A consumer's batch: one read of the partners its events name, each event's change worked
     * out on that state in order (a PartnerCreated/Updated older than what is stored, or than an
     * earlier event of the batch, changes nothing; a name from an NDA event only fills a missing
     * one), and one ordered bulk write of the resulting {@code $set}/{@code $addToSet}/{@code $pull}
     * updates and deletes. Emits, per event, what the projection knows of its partner once that
     * event is applied (null when nothing): what the e-mail rules name the partner by.
     */
    public Uni<List<PartnerEntry>> apply(List<IncomingEvent> events) {
        Set<String> ids = new LinkedHashSet<>();
        events.forEach(e -> {
            if (subjectOf(e) != null) {
                ids.add(subjectOf(e));
            }
        });
        if (ids.isEmpty()) {
            return Uni.createFrom().item(() -> new ArrayList<>(Collections.nCopies(events.size(), (PartnerEntry) null)));
        }
        return partners.mongoCollection().find(Filters.in("_id", ids)).collect().asList().chain(found -> {
            Map<String, PartnerEntry> state = new HashMap<>();
            found.forEach(p -> state.put(p.id, p));
            List<WriteModel<Document>> writes = new ArrayList<>();
            List<PartnerEntry> after = new ArrayList<>();
            for (IncomingEvent e : events) {
                change(e, state, writes);
                PartnerEntry now = subjectOf(e) == null ? null : state.get(subjectOf(e));
                after.add(now == null ? null : snapshot(now));
            }
            if (writes.isEmpty()) {
                return Uni.createFrom().item(after);
            }
            return partners.mongoCollection().withDocumentClass(Document.class)
                    .bulkWrite(writes, new BulkWriteOptions().ordered(true)).replaceWith(after);
        });
    }

    /** The partner an event is about: its {@code partnerId}, else its subject. */
    private static String subjectOf(IncomingEvent e) {
        JsonNode d = e.data();
        String id = d != null && d.isObject() ? text(d, "partnerId") : null;
        return id != null && !id.isBlank() ? id : e.subject();
    }

    /** Appends the event's writes and applies them to {@code state} as the store will. */
    private void change(IncomingEvent e, Map<String, PartnerEntry> state, List<WriteModel<Document>> writes) {
        JsonNode d = e.data();
        if (d == null || !d.isObject()) {
            return;
        }
        String partnerId = text(d, "partnerId");
        if (partnerId == null || partnerId.isBlank()) {
            return;
        }
        PartnerEntry p = state.get(partnerId);
        switch (e.name() == null ? "" : e.name()) {
            case "PartnerCreated" -> profile(partnerId, d, 0L, state, writes);
            case "PartnerUpdated" -> profile(partnerId, d, d.path("version").asLong(0), state, writes);
            case "PartnerStageChanged" -> {
                entry(partnerId, state).stage = text(d, "to");
                writes.add(set(partnerId, Updates.set("stage", text(d, "to"))));
            }
            case "PartnerArchived", "PartnerRestored" -> {
                boolean archived = "PartnerArchived".equals(e.name());
                entry(partnerId, state).archived = archived;
                writes.add(set(partnerId, Updates.set("archived", archived)));
            }
            case "PartnerDeleted" -> {
                state.remove(partnerId);
                writes.add(new DeleteOneModel<>(Filters.eq("_id", partnerId)));
            }
            case "ProposalIssued", "NdaSigned" -> {
                String name = text(d, "partnerName");
                if (name != null && !name.isBlank() && (p == null || p.name == null)) {
                    entry(partnerId, state).name = name;
                    writes.add(set(partnerId, Updates.set("name", name)));
                }
            }
            case "EventPartnerAdded", "EventPartnerUpdated", "EventPartnerRemoved" -> {
                String eventId = text(d, "eventId");
                if (eventId != null) {
                    PartnerEntry entry = entry(partnerId, state);
                    entry.eventIds.remove(eventId);
                    if ("EventPartnerRemoved".equals(e.name())) {
                        writes.add(set(partnerId, Updates.pull("eventIds", eventId)));
                    } else {
                        entry.eventIds.add(eventId);
                        writes.add(set(partnerId, Updates.addToSet("eventIds", eventId)));
                    }
                }
            }
            default -> {
            }
        }
    }

    /**
     * PartnerCreated/Updated: only the partner-events consumer writes {@code version}, so the state
     * read is the truth. partner-service raises the version with every write, so a profile at or
     * below the one applied (a redelivery, a duplicate publish) changes nothing, not even
     * {@code updatedAt}; a partner known so far only from other events has no profile yet
     * ({@code updatedAt} unset).
     */
    private void profile(String partnerId, JsonNode d, long version, Map<String, PartnerEntry> state,
            List<WriteModel<Document>> writes) {
        PartnerEntry existing = state.get(partnerId);
        if (existing != null && (existing.version > version || existing.version == version && existing.updatedAt != null)) {
            return;
        }
        PartnerEntry p = entry(partnerId, state);
        JsonNode contact = d.path("primaryContact");
        p.version = version;
        p.updatedAt = clock.instant();
        if (text(d, "name") != null) {
            p.name = text(d, "name");
        }
        p.tier = text(d, "tier");
        p.stage = text(d, "stage");
        p.archived = d.path("archived").asBoolean(false);
        p.contactName = contact.isObject() ? text(contact, "name") : null;
        p.contactEmail = contact.isObject() ? text(contact, "email") : null;
        List<Bson> u = new ArrayList<>();
        u.add(Updates.set("version", version));
        u.add(Updates.set("updatedAt", p.updatedAt));
        if (text(d, "name") != null) {
            u.add(Updates.set("name", p.name));
        }
        u.add(Updates.set("tier", p.tier));
        u.add(Updates.set("stage", p.stage));
        u.add(Updates.set("archived", p.archived));
        u.add(Updates.set("contactName", p.contactName));
        u.add(Updates.set("contactEmail", p.contactEmail));
        JsonNode tags = d.path("tags");
        if (tags.isArray()) {
            List<String> values = new ArrayList<>();
            tags.forEach(t -> values.add(t.asText()));
            p.tags = values;
            u.add(Updates.set("tags", values));
        }
        writes.add(set(partnerId, Updates.combine(u)));
    }

    private static PartnerEntry entry(String partnerId, Map<String, PartnerEntry> state) {
        return state.computeIfAbsent(partnerId, id -> {
            PartnerEntry p = new PartnerEntry();
            p.id = id;
            return p;
        });
    }

    private static PartnerEntry snapshot(PartnerEntry p) {
        PartnerEntry s = new PartnerEntry();
        s.id = p.id;
        s.name = p.name;
        s.tier = p.tier;
        s.stage = p.stage;
        s.contactName = p.contactName;
        s.contactEmail = p.contactEmail;
        s.archived = p.archived;
        s.eventIds = new ArrayList<>(p.eventIds);
        s.tags = new ArrayList<>(p.tags);
        s.version = p.version;
        s.updatedAt = p.updatedAt;
        return s;
    }

    private static WriteModel<Document> set(String partnerId, Bson update) {
        return new UpdateOneModel<>(Filters.eq("_id", partnerId), update, new UpdateOptions().upsert(true));
    }

    private static String text(JsonNode d, String field) {
        JsonNode n = d.get(field);
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }
}

package org.partnerportal.notification.service;

import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_ADDED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_REMOVED;
import static org.partnerportal.events.EngagementEvents.EVENT_PARTNER_UPDATED;
import static org.partnerportal.events.NdaEvents.NDA_SIGNED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_ISSUED;
import static org.partnerportal.events.PartnerEvents.PARTNER_ARCHIVED;
import static org.partnerportal.events.PartnerEvents.PARTNER_CREATED;
import static org.partnerportal.events.PartnerEvents.PARTNER_DELETED;
import static org.partnerportal.events.PartnerEvents.PARTNER_RESTORED;
import static org.partnerportal.events.PartnerEvents.PARTNER_STAGE_CHANGED;
import static org.partnerportal.events.PartnerEvents.PARTNER_UPDATED;

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
import org.partnerportal.common.events.EventHandlers;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.events.PartnerEvents.ContactRef;
import org.partnerportal.notification.domain.PartnerEntry;
import org.partnerportal.notification.repository.PartnerRepository;

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
            if (e.partnerId() != null) {
                ids.add(e.partnerId());
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
                PartnerEntry now = e.partnerId() == null ? null : state.get(e.partnerId());
                after.add(now == null ? null : snapshot(now));
            }
            if (writes.isEmpty()) {
                return Uni.createFrom().item(after);
            }
            return partners.mongoCollection().withDocumentClass(Document.class)
                    .bulkWrite(writes, new BulkWriteOptions().ordered(true)).replaceWith(after);
        });
    }

    /** Appends the event's writes and applies them to {@code state} as the store will. */
    private void change(IncomingEvent e, Map<String, PartnerEntry> state, List<WriteModel<Document>> writes) {
        Step step = steps.apply(e, null);
        String partnerId = e.partnerId();
        if (step != null && partnerId != null && !partnerId.isBlank()) {
            step.apply(partnerId, state, writes);
        }
    }

    /** One event's change of its partner: the writes it appends, applied to {@code state} as the store will. */
    @FunctionalInterface
    private interface Step {
        void apply(String partnerId, Map<String, PartnerEntry> state, List<WriteModel<Document>> writes);
    }

    private final EventHandlers<Step> steps = new EventHandlers<Step>()
            .on(PARTNER_CREATED, (e, p) -> (id, state, writes) -> profile(id, new Profile(p.name(), p.tier(), p.stage(),
                    false, p.primaryContact(), p.tags()), 0L, state, writes))
            .on(PARTNER_UPDATED, (e, p) -> (id, state, writes) -> profile(id, new Profile(p.name(), p.tier(), p.stage(),
                    p.archived(), p.primaryContact(), p.tags()), p.version(), state, writes))
            .on(PARTNER_STAGE_CHANGED, (e, p) -> (id, state, writes) -> {
                entry(id, state).stage = p.to();
                writes.add(set(id, Updates.set("stage", p.to())));
            })
            .on(PARTNER_ARCHIVED, (e, p) -> (id, state, writes) -> archived(id, true, state, writes))
            .on(PARTNER_RESTORED, (e, p) -> (id, state, writes) -> archived(id, false, state, writes))
            .on(PARTNER_DELETED, (e, p) -> (id, state, writes) -> {
                state.remove(id);
                writes.add(new DeleteOneModel<>(Filters.eq("_id", id)));
            })
            .on(PROPOSAL_ISSUED, (e, p) -> (id, state, writes) -> nameIfMissing(id, p.partnerName(), state, writes))
            .on(NDA_SIGNED, (e, p) -> (id, state, writes) -> nameIfMissing(id, p.partnerName(), state, writes))
            .on(EVENT_PARTNER_ADDED, (e, p) -> (id, state, writes) -> linked(id, p.eventId(), true, state, writes))
            .on(EVENT_PARTNER_UPDATED, (e, p) -> (id, state, writes) -> linked(id, p.eventId(), true, state, writes))
            .on(EVENT_PARTNER_REMOVED, (e, p) -> (id, state, writes) -> linked(id, p.eventId(), false, state, writes));

    private static void archived(String id, boolean archived, Map<String, PartnerEntry> state,
            List<WriteModel<Document>> writes) {
        entry(id, state).archived = archived;
        writes.add(set(id, Updates.set("archived", archived)));
    }

    /** A name from an NDA event only fills a missing one. */
    private static void nameIfMissing(String id, String name, Map<String, PartnerEntry> state,
            List<WriteModel<Document>> writes) {
        PartnerEntry p = state.get(id);
        if (name != null && !name.isBlank() && (p == null || p.name == null)) {
            entry(id, state).name = name;
            writes.add(set(id, Updates.set("name", name)));
        }
    }

    private static void linked(String id, String eventId, boolean linked, Map<String, PartnerEntry> state,
            List<WriteModel<Document>> writes) {
        if (eventId == null) {
            return;
        }
        PartnerEntry entry = entry(id, state);
        entry.eventIds.remove(eventId);
        if (linked) {
            entry.eventIds.add(eventId);
            writes.add(set(id, Updates.addToSet("eventIds", eventId)));
        } else {
            writes.add(set(id, Updates.pull("eventIds", eventId)));
        }
    }

    /** What PartnerCreated and PartnerUpdated say of the partner's profile. */
    private record Profile(String name, String tier, String stage, boolean archived, ContactRef contact,
            List<String> tags) {
    }

    /**
     * PartnerCreated/Updated: only the partner-events consumer writes {@code version}, so the state
     * read is the truth. partner-service raises the version with every write, so a profile at or
     * below the one applied (a redelivery, a duplicate publish) changes nothing, not even
     * {@code updatedAt}; a partner known so far only from other events has no profile yet
     * ({@code updatedAt} unset).
     */
    private void profile(String partnerId, Profile d, long version, Map<String, PartnerEntry> state,
            List<WriteModel<Document>> writes) {
        PartnerEntry existing = state.get(partnerId);
        if (existing != null && (existing.version > version || existing.version == version && existing.updatedAt != null)) {
            return;
        }
        PartnerEntry p = entry(partnerId, state);
        p.version = version;
        p.updatedAt = clock.instant();
        if (d.name() != null) {
            p.name = d.name();
        }
        p.tier = d.tier();
        p.stage = d.stage();
        p.archived = d.archived();
        p.contactName = d.contact() == null ? null : d.contact().name();
        p.contactEmail = d.contact() == null ? null : d.contact().email();
        List<Bson> u = new ArrayList<>();
        u.add(Updates.set("version", version));
        u.add(Updates.set("updatedAt", p.updatedAt));
        if (d.name() != null) {
            u.add(Updates.set("name", p.name));
        }
        u.add(Updates.set("tier", p.tier));
        u.add(Updates.set("stage", p.stage));
        u.add(Updates.set("archived", p.archived));
        u.add(Updates.set("contactName", p.contactName));
        u.add(Updates.set("contactEmail", p.contactEmail));
        if (d.tags() != null) {
            p.tags = new ArrayList<>(d.tags());
            u.add(Updates.set("tags", p.tags));
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
}

package org.partnerportal.partner.repository;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.partner.domain.Partner;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PartnerRepository implements ReactivePanacheMongoRepositoryBase<Partner, String> {

    public static final String COLLECTION = "partners";

    /** Top-level fields an update may clear (a null field is not encoded, so it must be unset). */
    private static final List<String> FIELDS = Arrays.stream(Partner.class.getFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers())).map(Field::getName)
            .filter(n -> !n.equals("id") && !n.equals(Outbox.EVENTS) && !n.equals(Outbox.PENDING)).toList();

    /**
     * The indexes of seed 000 ({@code tier+stage}, industry, stage, engagement level, contact
     * e-mails, tags) plus the case-insensitive unique name, and the directory's. The local stack's
     * store uses them too (deploy/local, {@code IndexedCollection}).
     */
    public Uni<Void> ensureIndexes() {
        var c = mongoCollection();
        return c.createIndex(Indexes.ascending("nameKey"), new IndexOptions().unique(true).name("name_unique_ci"))
                .chain(() -> c.createIndex(Indexes.ascending("tier", "stage"), new IndexOptions().name("tier_stage")))
                .chain(() -> c.createIndex(Indexes.ascending("industryKey"), new IndexOptions().name("industry")))
                .chain(() -> c.createIndex(Indexes.ascending("stage"), new IndexOptions().name("stage")))
                .chain(() -> c.createIndex(Indexes.ascending("engagement.engagementLevel"),
                        new IndexOptions().name("engagement_level")))
                .chain(() -> c.createIndex(Indexes.ascending("contacts.email"), new IndexOptions().name("contact_email")))
                .chain(() -> c.createIndex(Indexes.ascending("tags"), new IndexOptions().name("tags")))
                .chain(() -> c.createIndex(Indexes.ascending("archived", "tierRank", "nameKey"),
                        new IndexOptions().name("list_by_tier")))
                // the directory's four sorts over its fixed filter {archived, deletedAt: null}, with
                // _id last as the keyset cursor has it: a page (by number or after a cursor) walks
                // one of these, and their leading pair answers the total
                .chain(() -> c.createIndex(Indexes.ascending("archived", "deletedAt", "tierRank", "nameKey", "_id"),
                        new IndexOptions().name("directory_tier")))
                .chain(() -> c.createIndex(Indexes.ascending("archived", "deletedAt", "nameKey", "_id"),
                        new IndexOptions().name("directory_name")))
                .chain(() -> c.createIndex(Indexes.compoundIndex(Indexes.ascending("archived", "deletedAt"),
                        Indexes.descending("updatedAt"), Indexes.ascending("nameKey", "_id")),
                        new IndexOptions().name("directory_updated")))
                .chain(() -> c.createIndex(Indexes.compoundIndex(Indexes.ascending("archived", "deletedAt"),
                        Indexes.descending("engagement.lastEngagementDate"),
                        Indexes.ascending("tierRank", "nameKey", "_id")),
                        new IndexOptions().name("directory_engagement")))
                .replaceWithVoid();
    }

    /** A live (not deleted) partner, or null. */
    public Uni<Partner> findLive(String id) {
        return find(new Document("_id", id).append("deletedAt", null)).firstResult();
    }

    /**
     * Writes the partner's new state if nobody changed it since {@code expectedVersion} was read,
     * appending its new events to the outbox (never rewriting events the relay may be publishing).
     * False when the version moved on.
     */
    public Uni<Boolean> update(Partner partner, long expectedVersion, List<OutboxEvent> newEvents) {
        UpdateOneModel<Document> write = versionedUpdate(partner, expectedVersion, newEvents);
        return CompareAndSet.ifMatches(mongoCollection(), write.getFilter(), write.getUpdate());
    }

    /** One partner's new state for {@link #updateAll}: the version it was read at and the events it adds. */
    public record Write(Partner partner, long expectedVersion, List<OutboxEvent> newEvents) {
    }

    /**
     * The same version-guarded writes as {@link #update} for many partners, in one round trip (an
     * unordered bulk write: each partner's write stands alone). Emits how many matched their
     * version; the others lost a race and were not written.
     */
    public Uni<Integer> updateAll(List<Write> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<UpdateOneModel<Document>> models = writes.stream()
                .map(w -> versionedUpdate(w.partner(), w.expectedVersion(), w.newEvents())).toList();
        return mongoCollection().withDocumentClass(Document.class)
                .bulkWrite(models, new BulkWriteOptions().ordered(false))
                .map(BulkWriteResult::getMatchedCount);
    }

    /** Live (not deleted) partners by id, in one query. */
    public Uni<List<Partner>> findLive(Collection<String> ids) {
        return find(new Document("_id", new Document("$in", List.copyOf(ids))).append("deletedAt", null)).list();
    }

    /** The one place a partner's state and its new outbox events become a version-guarded update. */
    private UpdateOneModel<Document> versionedUpdate(Partner partner, long expectedVersion, List<OutboxEvent> newEvents) {
        BsonDocument state = BsonDocumentWrapper.asBsonDocument(partner, mongoCollection().getCodecRegistry()).clone();
        state.remove("_id");
        // the events and their flag change only by the outbox's own update parts: a writer adds,
        // the relay removes, and neither may overwrite what the other did since this read
        state.remove(Outbox.EVENTS);
        state.remove(Outbox.PENDING);
        Document update = new Document("$set", state);
        Document unset = new Document();
        for (String field : FIELDS) {
            if (!state.containsKey(field)) {
                unset.append(field, "");
            }
        }
        if (!unset.isEmpty()) {
            update.append("$unset", unset);
        }
        Bson filter = Filters.and(Filters.eq("_id", partner.id), Filters.eq("version", expectedVersion));
        return new UpdateOneModel<>(filter,
                newEvents.isEmpty() ? update : Updates.combine(update, Outbox.pushEvents(newEvents)));
    }
}

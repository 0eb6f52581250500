package org.partnerportal.nda.repository;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.nda.domain.Evidence;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The NDA signature records ({@code partnerNdaRequests}), {@code _id} = the reference. The
 * sequence is the records themselves: a new record takes the last {@code seq} + 1 and the unique
 * indexes ({@code _id}, {@code seq}) turn a concurrent taker of the same number into a duplicate-key
 * error and a retry. A number is used only by a successful insert, so there is no gap, and no
 * {@code findOneAndUpdate}+{@code $inc} counter whose answers could repeat.
 */
@ApplicationScoped
public class NdaRepository {

    private final Collections collections;

    NdaRepository(Collections collections) {
        this.collections = collections;
    }

    void indexes(@Observes StartupEvent start) {
        coll().createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true).name("seq_unique"))
                .await().indefinitely();
        coll().createIndex(Indexes.ascending("partnerId", "seq"), new IndexOptions().name("partner_seq"))
                .await().indefinitely();
    }

    private ReactiveMongoCollection<Document> coll() {
        return collections.get(Collections.NDAS);
    }

    /** The record with the highest seq, or null when there is none. */
    public Uni<Document> last() {
        return coll().find(new Document(), new FindOptions().sort(Sorts.descending("seq")).limit(1)).collect().first();
    }

    /** Inserts; emits false when the reference or seq is already taken (someone was faster). */
    public Uni<Boolean> insert(Document record) {
        return coll().insertOne(record).replaceWith(true)
                .onFailure(MongoErrors::isDuplicateKey)
                .recoverWithItem(false);
    }

    public Uni<List<Document>> byPartner(String partnerId) {
        return coll().find(Filters.eq("partnerId", partnerId), new FindOptions().sort(Sorts.descending("seq"))).collect().asList();
    }

    public Uni<Document> byReference(String reference) {
        return coll().find(Filters.eq("_id", reference)).collect().first();
    }

    /** The whole chain in order; loaded whole (the archive is small: one record per signing partner). */
    public Uni<List<Document>> chain() {
        return coll().find(new Document(), new FindOptions().sort(Sorts.ascending("seq"))).collect().asList();
    }

    /** Demo reset: the record stays in the chain (deleting it would break it), marked as test data. */
    public Uni<Long> markReset(String partnerId, Instant now) {
        return coll().updateMany(Filters.and(Filters.eq("partnerId", partnerId), Filters.exists("resetAt", false)),
                Updates.set("resetAt", Date.from(now))).map(r -> r.getModifiedCount());
    }

    public static Document toBson(Evidence e, String hash) {
        return new Document("_id", e.reference()).append("reference", e.reference()).append("seq", e.seq())
                .append("partnerId", e.partnerId()).append("partnerName", e.partnerName())
                .append("contactName", e.contactName()).append("contactEmail", e.contactEmail())
                .append("contactTitle", e.contactTitle()).append("signature", e.signature()).append("ip", e.ip())
                .append("userAgent", e.userAgent()).append("signedAt", Date.from(e.signedAt()))
                .append("signedAtLocal", e.signedAtLocal()).append("timeZone", e.timeZone())
                .append("expiresAt", Date.from(e.expiresAt())).append("templateVersion", e.templateVersion())
                .append("lang", e.lang()).append("textSha256", e.textSha256()).append("consent", e.consent())
                .append("authMethod", e.authMethod()).append("credentialId", e.credentialId()).append("issuer", e.issuer())
                .append("prevHash", e.prevHash()).append("hash", hash);
    }

    public static Evidence evidence(Document d) {
        return new Evidence(d.getString("reference"), ((Number) d.get("seq")).longValue(), d.getString("partnerId"),
                d.getString("partnerName"), d.getString("contactName"), d.getString("contactEmail"),
                d.getString("contactTitle"), d.getString("signature"), d.getString("ip"), d.getString("userAgent"),
                d.getDate("signedAt").toInstant(), d.getString("signedAtLocal"), d.getString("timeZone"),
                d.getDate("expiresAt").toInstant(), d.getString("templateVersion"), d.getString("lang"),
                d.getString("textSha256"), d.getString("consent"), d.getString("authMethod"), d.getString("credentialId"),
                d.getString("issuer"), d.getString("prevHash"));
    }
}

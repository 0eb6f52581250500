package org.partnerportal.nda.repository;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnerportal.common.mongo.CompareAndSet;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One document per partner ({@code _id} = partnerId): the proposal content, the issued tokens
 * ({@code jti, issuedAt, expiresAt, issuedBy, revokedAt}; the token itself is never stored), the
 * legacy code hashes, the view counters, the portal key rotations and the outbox. Every change and
 * the events it causes are one update of this document.
 */
@ApplicationScoped
public class ProposalRepository {

    private final Collections collections;

    ProposalRepository(Collections collections) {
        this.collections = collections;
    }

    private ReactiveMongoCollection<Document> coll() {
        return collections.get(Collections.PROPOSALS);
    }

    public Uni<Document> find(String partnerId) {
        return coll().find(Filters.eq("_id", partnerId)).collect().first();
    }

    /** The portal key version: 1 + the rotations so far. */
    public static long portalKeyVersion(Document doc) {
        Object r = doc == null ? null : doc.get("portalKeyRotations");
        return 1 + (r instanceof Number n ? n.longValue() : 0);
    }

    public Uni<Void> setSections(String partnerId, Map<String, String> sections, String actor, Instant now) {
        return coll().updateOne(Filters.eq("_id", partnerId),
                Updates.combine(Updates.set("sections", new Document(sections)), Updates.set("sectionsUpdatedAt", Date.from(now)),
                        Updates.set("sectionsUpdatedBy", actor)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    /** Records an issued token and its events in one write. */
    public Uni<Void> addToken(String partnerId, Document token, List<Document> outbox) {
        return coll().updateOne(Filters.eq("_id", partnerId),
                Updates.combine(Updates.push("tokens", token), Updates.pushEach("outbox", outbox)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    /** True when a live token was revoked now; false when none with that jti is live. */
    public Uni<Boolean> revoke(String partnerId, String jti, Instant now) {
        return coll().updateOne(
                Filters.and(Filters.eq("_id", partnerId),
                        Filters.elemMatch("tokens", Filters.and(Filters.eq("jti", jti), Filters.eq("revokedAt", null)))),
                Updates.set("tokens.$.revokedAt", Date.from(now)))
                .map(r -> r.getModifiedCount() > 0);
    }

    public Uni<Void> addLegacyCode(String partnerId, String hash, String actor, Instant now) {
        return coll().updateOne(Filters.eq("_id", partnerId),
                Updates.addToSet("legacyCodes", new Document("hash", hash).append("addedAt", Date.from(now)).append("addedBy", actor)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    /**
     * Counts a view; the first ever view of the partner's proposal is decided by the conditional
     * update (only one writer can set {@code firstViewedAt}), so exactly one event says first=true.
     */
    public Uni<Boolean> recordFirstView(String partnerId, String section, int seconds, Instant now, List<Document> events) {
        return CompareAndSet.ifMatches(coll(), Filters.and(Filters.eq("_id", partnerId), Filters.exists("firstViewedAt", false)),
                Updates.combine(Updates.set("firstViewedAt", Date.from(now)), counters(section, seconds, now),
                        Updates.pushEach("outbox", events)));
    }

    public Uni<Void> recordView(String partnerId, String section, int seconds, Instant now, Document event) {
        return coll().updateOne(Filters.eq("_id", partnerId),
                Updates.combine(counters(section, seconds, now), Updates.push("outbox", event))).replaceWithVoid();
    }

    private static Bson counters(String section, int seconds, Instant now) {
        return Updates.combine(Updates.inc("viewCount", 1), Updates.inc("views." + section + ".count", 1),
                Updates.inc("views." + section + ".seconds", seconds), Updates.set("lastViewedAt", Date.from(now)));
    }

    public Uni<Void> pushOutbox(String partnerId, List<Document> outbox) {
        return coll().updateOne(Filters.eq("_id", partnerId), Updates.pushEach("outbox", outbox),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    /**
     * Bumps the portal key version (revoking every older link) and returns the new one. The bump
     * and the events that announce it (built by {@code events} from the new version) are one
     * conditional write on the version read, retried when another rotation got there first.
     */
    public Uni<Long> rotatePortalKey(String partnerId, java.util.function.LongFunction<List<Document>> events) {
        return rotatePortalKey(partnerId, events, List.of(), 0);
    }

    private Uni<Long> rotatePortalKey(String partnerId, java.util.function.LongFunction<List<Document>> events, List<Bson> more,
            int attempt) {
        if (attempt >= 50) {
            return Uni.createFrom().failure(new IllegalStateException("The portal key of " + partnerId + " keeps changing"));
        }
        return find(partnerId).chain(doc -> {
            if (doc == null) {
                // nothing issued yet: make the document, then rotate it like any other
                return coll().updateOne(Filters.eq("_id", partnerId), Updates.setOnInsert("portalKeyRotations", 0L),
                        new UpdateOptions().upsert(true)).chain(() -> rotatePortalKey(partnerId, events, more, attempt + 1));
            }
            long rotations = doc.get("portalKeyRotations") instanceof Number n ? n.longValue() : 0;
            long next = rotations + 2; // the version is 1 + rotations
            Bson current = rotations == 0
                    ? Filters.or(Filters.exists("portalKeyRotations", false), Filters.eq("portalKeyRotations", 0))
                    : Filters.eq("portalKeyRotations", rotations);
            List<Bson> sets = new java.util.ArrayList<>(more);
            sets.add(Updates.set("portalKeyRotations", rotations + 1));
            sets.add(Updates.pushEach("outbox", events.apply(next)));
            return CompareAndSet.ifMatches(coll(), Filters.and(Filters.eq("_id", partnerId), current), Updates.combine(sets))
                    .chain(ok -> ok ? Uni.createFrom().item(next) : rotatePortalKey(partnerId, events, more, attempt + 1));
        });
    }

    /**
     * Demo reset: forgets tokens, codes and views and rotates the portal key so old links die too,
     * in one write with the events built from the new key version (the rotation and the reset
     * request to the other services).
     */
    public Uni<Long> resetTestData(String partnerId, java.util.function.LongFunction<List<Document>> events) {
        return rotatePortalKey(partnerId, events, List.of(Updates.set("tokens", List.of()), Updates.set("legacyCodes", List.of()),
                Updates.unset("views"), Updates.unset("viewCount"), Updates.unset("firstViewedAt"),
                Updates.unset("lastViewedAt")), 0);
    }
}

package org.partnerportal.nda.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnerportal.common.mongo.CompareAndSet;
import org.partnerportal.common.outbox.Outbox;
import org.partnerportal.nda.domain.Proposal;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoRepositoryBase;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One document per partner ({@code _id} = partnerId): the proposal content, the issued tokens
 * ({@code jti, issuedAt, expiresAt, issuedBy, revokedAt}; the token itself is never stored), the
 * legacy code hashes, the view counters ({@code viewCount} reports, {@code visitCount} visits,
 * {@code recentVisits}, {@code views.<section>.{count, seconds, visits, lastAt, lastVisitId}},
 * {@code firstViewedAt}, {@code lastViewedAt}, {@code lastVisitAt}), the portal key rotations and the outbox. Every change and
 * the events it causes are one update of this document.
 */
@ApplicationScoped
public class ProposalRepository implements ReactivePanacheMongoRepositoryBase<Proposal, String> {

    private ReactiveMongoCollection<Proposal> coll() {
        return mongoCollection();
    }

    public Uni<Void> setSections(String partnerId, Map<String, String> sections, String actor, Instant now) {
        return coll().updateOne(Filters.eq("_id", partnerId),
                Updates.combine(Updates.set("sections", sections), Updates.set("sectionsUpdatedAt", now),
                        Updates.set("sectionsUpdatedBy", actor)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    /** Records an issued token and its events in one write. */
    public Uni<Void> addToken(String partnerId, Proposal.IssuedToken token, List<Document> outbox) {
        return coll().updateOne(Filters.eq("_id", partnerId),
                Updates.combine(Updates.push("tokens", token), Outbox.push(outbox)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    /** True when a live token was revoked now; false when none with that jti is live. */
    public Uni<Boolean> revoke(String partnerId, String jti, Instant now) {
        return coll().updateOne(
                Filters.and(Filters.eq("_id", partnerId),
                        Filters.elemMatch("tokens", Filters.and(Filters.eq("jti", jti), Filters.eq("revokedAt", null)))),
                Updates.set("tokens.$.revokedAt", now))
                .map(r -> r.getModifiedCount() > 0);
    }

    public Uni<Void> addLegacyCode(String partnerId, String hash, String actor, Instant now) {
        return coll().updateOne(Filters.eq("_id", partnerId),
                Updates.addToSet("legacyCodes", Proposal.LegacyCode.of(hash, now, actor)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    /** What one view report was: the proposal's first view, the opening report of a visit. */
    public record ViewKind(boolean first, boolean visitStart) {
    }

    /**
     * Counts one section report of visit {@code visitId}, with the events {@code events} makes for
     * what it turned out to be, in the same single-document write. Which one it is, is decided by
     * conditional updates, so that concurrent reports cannot both claim it: the first ever view
     * (only one writer sets {@code firstViewedAt}; the admins' alert), else the opening report of a
     * visit (its id not yet among the last {@value #VISITS_KEPT} visits), else the first report of
     * this section in the visit (the section's {@code lastVisitId} is another), else a further report.
     * A partner without a proposal document records nothing.
     */
    public Uni<ViewKind> recordView(String partnerId, String section, int seconds, String visitId, Instant now,
            Function<ViewKind, List<Document>> events) {
        ViewKind first = new ViewKind(true, true);
        ViewKind opening = new ViewKind(false, true);
        ViewKind again = new ViewKind(false, false);
        return CompareAndSet.ifMatches(coll(), Filters.and(Filters.eq("_id", partnerId), Filters.exists("firstViewedAt", false)),
                Updates.combine(Updates.set("firstViewedAt", now), visit(visitId, now),
                        section(section, seconds, visitId, true, now), Outbox.push(events.apply(first))))
                .chain(done -> done ? Uni.createFrom().item(first)
                        : CompareAndSet.ifMatches(coll(), Filters.and(Filters.eq("_id", partnerId), Filters.ne("recentVisits", visitId)),
                                Updates.combine(visit(visitId, now), section(section, seconds, visitId, true, now),
                                        Outbox.push(events.apply(opening))))
                                .map(opened -> opened ? opening : null))
                .chain(kind -> kind != null ? Uni.createFrom().item(kind)
                        : CompareAndSet.ifMatches(coll(), Filters.and(Filters.eq("_id", partnerId),
                                Filters.ne("views." + section + ".lastVisitId", visitId)),
                                Updates.combine(section(section, seconds, visitId, true, now),
                                        Outbox.push(events.apply(again))))
                                .chain(read -> read ? Uni.createFrom().item(again)
                                        : coll().updateOne(Filters.eq("_id", partnerId),
                                                Updates.combine(section(section, seconds, visitId, false, now),
                                                        Outbox.push(events.apply(again))))
                                                .replaceWith(again)));
    }

    /** Visits remembered to tell a visit's later reports from a new visit. */
    static final int VISITS_KEPT = 50;

    private static Bson visit(String visitId, Instant now) {
        return Updates.combine(Updates.inc("visitCount", 1), Updates.set("lastVisitAt", now),
                Updates.pushEach("recentVisits", List.of(visitId), new PushOptions().slice(-VISITS_KEPT)));
    }

    private static Bson section(String section, int seconds, String visitId, boolean newInVisit, Instant now) {
        String at = "views." + section + ".";
        Bson counters = Updates.combine(Updates.inc("viewCount", 1), Updates.inc(at + "count", 1),
                Updates.inc(at + "seconds", seconds), Updates.set(at + "lastAt", now),
                Updates.set("lastViewedAt", now));
        return newInVisit ? Updates.combine(counters, Updates.inc(at + "visits", 1), Updates.set(at + "lastVisitId", visitId))
                : counters;
    }

    /**
     * Records a portal visit with its event unless one was recorded since {@code since} (a reload
     * within the visit gap is the same visit); the conditional update lets one of two concurrent
     * loads win. True when this load opened a visit.
     */
    public Uni<Boolean> recordPortalVisit(String partnerId, Instant now, Instant since, Document event) {
        return CompareAndSet.upsertUnlessStale(coll(), Filters.and(Filters.eq("_id", partnerId),
                Filters.or(Filters.exists("lastPortalVisitAt", false), Filters.lt("lastPortalVisitAt", since))),
                Updates.combine(Updates.set("lastPortalVisitAt", now), Outbox.push(event)));
    }

    public Uni<Void> pushOutbox(String partnerId, List<Document> outbox) {
        return coll().updateOne(Filters.eq("_id", partnerId), Outbox.push(outbox),
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
        return findById(partnerId).chain(doc -> {
            if (doc == null) {
                // nothing issued yet: make the document, then rotate it like any other
                return coll().updateOne(Filters.eq("_id", partnerId), Updates.setOnInsert("portalKeyRotations", 0L),
                        new UpdateOptions().upsert(true)).chain(() -> rotatePortalKey(partnerId, events, more, attempt + 1));
            }
            long rotations = doc.portalKeyRotations;
            long next = rotations + 2; // the version is 1 + rotations
            Bson current = rotations == 0
                    ? Filters.or(Filters.exists("portalKeyRotations", false), Filters.eq("portalKeyRotations", 0))
                    : Filters.eq("portalKeyRotations", rotations);
            List<Bson> sets = new java.util.ArrayList<>(more);
            sets.add(Updates.set("portalKeyRotations", rotations + 1));
            sets.add(Outbox.push(events.apply(next)));
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
                Updates.unset("lastViewedAt"), Updates.unset("visitCount"),
                Updates.unset("recentVisits"), Updates.unset("lastVisitAt")), 0);
    }
}

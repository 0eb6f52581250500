package org.partnerportal.nda.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.partnerportal.nda.repository.Collections;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One document per partner ({@code proposals}, {@code _id} = partnerId): the proposal content, the
 * issued tokens (the token itself is never stored), the legacy code hashes, how the proposal was
 * read, the portal key rotations and the outbox. Every change, with the events it causes, is one
 * targeted update of this document ({@code ProposalRepository}); the entity is only read whole.
 */
@MongoEntity(collection = Collections.PROPOSALS)
public class Proposal {

    @BsonId
    public String id;
    /** Markdown per section key ({@link Sections}). */
    public Map<String, String> sections;
    public Instant sectionsUpdatedAt;
    public String sectionsUpdatedBy;
    public List<IssuedToken> tokens = new ArrayList<>();
    public List<LegacyCode> legacyCodes = new ArrayList<>();
    /** Reports received, over every section. */
    public long viewCount;
    /** Visits: showings of the page, by visit id. */
    public long visitCount;
    /** The last visit ids, to tell a visit's later reports from a new visit. */
    public List<String> recentVisits = new ArrayList<>();
    public Map<String, SectionViews> views;
    public Instant firstViewedAt;
    public Instant lastViewedAt;
    public Instant lastVisitAt;
    public Instant lastPortalVisitAt;
    /** The portal key version is 1 + this. */
    public long portalKeyRotations;
    /** Pending events in their BSON form ({@code OutboxEvent#toBson()}), where the relay looks for their {@code id}. */
    public List<Document> outbox = new ArrayList<>();
    public boolean outboxPending;

    /** A proposal token as issued: never the token, only what checks it. */
    public static class IssuedToken {
        public String jti;
        public Instant issuedAt;
        public Instant expiresAt;
        public String issuedBy;
        public Instant revokedAt;

        public static IssuedToken of(String jti, Instant issuedAt, Instant expiresAt, String issuedBy) {
            IssuedToken t = new IssuedToken();
            t.jti = jti;
            t.issuedAt = issuedAt;
            t.expiresAt = expiresAt;
            t.issuedBy = issuedBy;
            return t;
        }
    }

    /** A deprecated access code, kept as its SHA-256. */
    public static class LegacyCode {
        public String hash;
        public Instant addedAt;
        public String addedBy;
        public Instant revokedAt;

        public static LegacyCode of(String hash, Instant addedAt, String addedBy) {
            LegacyCode c = new LegacyCode();
            c.hash = hash;
            c.addedAt = addedAt;
            c.addedBy = addedBy;
            return c;
        }
    }

    /** How one section was read: reports, seconds, visits that read it, the last report and its visit. */
    public static class SectionViews {
        public long count;
        public long seconds;
        public long visits;
        public Instant lastAt;
        public String lastVisitId;
    }

    /** The portal key version of a partner, 1 before any rotation (and before the document exists). */
    public static long portalKeyVersion(Proposal p) {
        return 1 + (p == null ? 0 : p.portalKeyRotations);
    }
}

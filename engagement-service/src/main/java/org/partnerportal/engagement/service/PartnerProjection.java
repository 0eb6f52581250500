package org.partnerportal.engagement.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.conversions.Bson;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.engagement.repository.PartnerRefRepository;

import com.mongodb.client.model.Updates;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps what this service needs of each partner (name, archived, deleted, demo) from
 * {@code partner-events}, and its portal key version from {@code nda-events}. Writes are last-writer-wins on the event time, so a replay or an event
 * arriving late never turns an archived partner active again.
 */
@ApplicationScoped
public class PartnerProjection {

    private final PartnerRefRepository partners;

    PartnerProjection(PartnerRefRepository partners) {
        this.partners = partners;
    }

    /** From {@code nda-events}: the portal key version after a rotation (the portal paths refuse older links). */
    public Uni<Void> applyNda(IncomingEvent e) {
        if (!"PortalKeyRotated".equals(e.name())) {
            return Uni.createFrom().voidItem();
        }
        String partnerId = e.text("partnerId");
        long version = e.data().path("keyVersion").asLong(0);
        if (partnerId == null || partnerId.isBlank() || version < 1) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no partnerId or keyVersion");
        }
        return partners.raisePortalKeyVersion(partnerId, version).replaceWithVoid();
    }

    /** A consumer's batch, in one round trip; each partner's events in the order given. */
    public Uni<Void> apply(List<IncomingEvent> events) {
        List<PartnerRefRepository.Change> changes = new ArrayList<>();
        for (IncomingEvent e : events) {
            PartnerRefRepository.Change c = change(e);
            if (c != null) {
                changes.add(c);
            }
        }
        return changes.isEmpty() ? Uni.createFrom().voidItem() : partners.applyAllIfNewer(changes).replaceWithVoid();
    }

    /** What the event says of its partner, or null for an event that says nothing this service keeps. */
    private static PartnerRefRepository.Change change(IncomingEvent e) {
        if (e.name() == null) {
            return null;
        }
        String partnerId = e.text("partnerId");
        List<Bson> sets = new ArrayList<>();
        Instant at;
        switch (e.name()) {
            case "PartnerCreated" -> {
                at = time(e, "createdAt");
                sets.add(Updates.set("archived", false));
                sets.add(Updates.set("deleted", false));
                // fixed at creation: no later event sets it
                sets.add(Updates.set("demo", e.data().path("demo").asBoolean(false)));
            }
            case "PartnerUpdated" -> {
                at = time(e, "updatedAt");
                if (e.data().has("archived")) {
                    sets.add(Updates.set("archived", e.data().path("archived").asBoolean(false)));
                }
            }
            case "PartnerArchived" -> {
                at = time(e, "archivedAt");
                sets.add(Updates.set("archived", true));
            }
            case "PartnerRestored" -> {
                at = time(e, "restoredAt");
                sets.add(Updates.set("archived", false));
            }
            case "PartnerDeleted" -> {
                at = time(e, "deletedAt");
                sets.add(Updates.set("deleted", true));
            }
            default -> {
                return null;
            }
        }
        if (partnerId == null || partnerId.isBlank()) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no partnerId");
        }
        String name = e.text("name");
        if (name != null) {
            sets.add(Updates.set("name", name));
        }
        return new PartnerRefRepository.Change(partnerId, at, sets);
    }

    private static Instant time(IncomingEvent e, String field) {
        String v = e.text(field);
        if (v == null) {
            return e.time();
        }
        try {
            return Instant.parse(v);
        } catch (RuntimeException ex) {
            return e.time();
        }
    }
}

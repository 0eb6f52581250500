package org.partnerportal.engagement.service;

import static org.partnerportal.events.NdaEvents.PORTAL_KEY_ROTATED;
import static org.partnerportal.events.PartnerEvents.PARTNER_ARCHIVED;
import static org.partnerportal.events.PartnerEvents.PARTNER_CREATED;
import static org.partnerportal.events.PartnerEvents.PARTNER_DELETED;
import static org.partnerportal.events.PartnerEvents.PARTNER_RESTORED;
import static org.partnerportal.events.PartnerEvents.PARTNER_UPDATED;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.conversions.Bson;
import org.partnerportal.common.events.EventHandlers;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.events.NdaEvents.PortalKeyRotated;
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
        if (!e.is(PORTAL_KEY_ROTATED)) {
            return Uni.createFrom().voidItem();
        }
        PortalKeyRotated rotated = e.as(PORTAL_KEY_ROTATED);
        if (blank(rotated.partnerId()) || rotated.keyVersion() < 1) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no partnerId or keyVersion");
        }
        return partners.raisePortalKeyVersion(rotated.partnerId(), rotated.keyVersion()).replaceWithVoid();
    }

    /** A consumer's batch, in one round trip; each partner's events in the order given. */
    public Uni<Void> apply(List<IncomingEvent> events) {
        List<PartnerRefRepository.Change> changes = new ArrayList<>();
        for (IncomingEvent e : events) {
            PartnerRefRepository.Change c = HANDLERS.apply(e, null);
            if (c != null) {
                changes.add(c);
            }
        }
        return changes.isEmpty() ? Uni.createFrom().voidItem() : partners.applyAllIfNewer(changes).replaceWithVoid();
    }

    /** What each event says of its partner; events of other types say nothing this service keeps. */
    private static final EventHandlers<PartnerRefRepository.Change> HANDLERS = new EventHandlers<PartnerRefRepository.Change>()
            // demo is fixed at creation: no later event sets it
            .on(PARTNER_CREATED, (e, p) -> change(e, p.partnerId(), p.name(), p.createdAt(), Updates.set("archived", false),
                    Updates.set("deleted", false), Updates.set("demo", p.demo())))
            .on(PARTNER_UPDATED, (e, p) -> change(e, p.partnerId(), p.name(), p.updatedAt(),
                    Updates.set("archived", p.archived())))
            .on(PARTNER_ARCHIVED, (e, p) -> change(e, p.partnerId(), p.name(), p.archivedAt(), Updates.set("archived", true)))
            .on(PARTNER_RESTORED, (e, p) -> change(e, p.partnerId(), p.name(), p.restoredAt(), Updates.set("archived", false)))
            .on(PARTNER_DELETED, (e, p) -> change(e, p.partnerId(), p.name(), p.deletedAt(), Updates.set("deleted", true)));

    private static PartnerRefRepository.Change change(IncomingEvent e, String partnerId, String name, Instant at,
            Bson... sets) {
        if (blank(partnerId)) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no partnerId");
        }
        List<Bson> all = new ArrayList<>(List.of(sets));
        if (name != null) {
            all.add(Updates.set("name", name));
        }
        return new PartnerRefRepository.Change(partnerId, at != null ? at : e.time(), all);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

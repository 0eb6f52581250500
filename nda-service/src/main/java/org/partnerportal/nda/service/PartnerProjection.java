package org.partnerportal.nda.service;

import static org.partnerportal.events.PartnerEvents.PARTNER_CREATED;
import static org.partnerportal.events.PartnerEvents.PARTNER_STAGE_CHANGED;
import static org.partnerportal.events.PartnerEvents.PARTNER_UPDATED;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.jboss.logging.Logger;
import org.partnerportal.common.events.EventHandlers;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.events.PartnerEvents.ContactRef;
import org.partnerportal.nda.repository.PartnerRefRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the partner names, primary contacts and stages that this service needs, from
 * PartnerCreated, PartnerUpdated and PartnerStageChanged. Only the fields an event carries are written, so a partial
 * PartnerUpdated never blanks the others; other event types are ignored.
 */
@ApplicationScoped
public class PartnerProjection {

    private static final Logger LOG = Logger.getLogger(PartnerProjection.class);

    private final PartnerRefRepository partners;
    private final Clock clock;

    PartnerProjection(PartnerRefRepository partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    /** A consumer's batch in one round trip; each partner's events in the order given. */
    public Uni<Void> apply(List<IncomingEvent> events) {
        List<PartnerRefRepository.Change> changes = new ArrayList<>();
        for (IncomingEvent e : events) {
            PartnerRefRepository.Change c = HANDLERS.apply(e, null);
            if (c != null) {
                changes.add(c);
            }
        }
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return partners.applyAllIfNewer(changes, clock.instant())
                .invoke(applied -> {
                    if (applied < changes.size()) {
                        LOG.debugf("%d of %d partner event(s) were not newer than the stored state; ignored",
                                changes.size() - applied, changes.size());
                    }
                })
                .replaceWithVoid();
    }

    /** What each event says of its partner; other event types are ignored. */
    private static final EventHandlers<PartnerRefRepository.Change> HANDLERS = new EventHandlers<PartnerRefRepository.Change>()
            // the demo flag is set when partner-service creates the partner and never changes: only that event sets it
            .on(PARTNER_CREATED, (e, p) -> change(e, p.partnerId(), fields(p.name(), p.stage(), p.tier(), p.primaryContact())
                    .append("demo", p.demo())))
            .on(PARTNER_UPDATED, (e, p) -> change(e, p.partnerId(), fields(p.name(), p.stage(), p.tier(), p.primaryContact())))
            // the vault gate lifts when the partner becomes active
            .on(PARTNER_STAGE_CHANGED, (e, p) -> change(e, p.partnerId(), fields(p.name(), p.to(), null, null)));

    private static PartnerRefRepository.Change change(IncomingEvent e, String partnerId, Document fields) {
        if (partnerId == null || partnerId.isBlank()) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no partnerId");
        }
        return new PartnerRefRepository.Change(partnerId, fields, e.id(), e.time());
    }

    /** Only the fields an event carries: a partial event never blanks the others. */
    private static Document fields(String name, String stage, String tier, ContactRef contact) {
        Document fields = new Document();
        if (name != null) {
            fields.append("name", name);
        }
        if (stage != null) {
            fields.append("stage", stage);
        }
        if (tier != null) {
            fields.append("tier", tier);
        }
        if (contact != null) {
            fields.append("primaryContact", new Document("name", contact.name()).append("email", contact.email()));
        }
        return fields;
    }
}

package org.partnerportal.nda.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.jboss.logging.Logger;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.nda.repository.PartnerRefRepository;

import com.fasterxml.jackson.databind.JsonNode;

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
            PartnerRefRepository.Change c = change(e);
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

    /** What the event says of its partner, or null for an event type this projection ignores. */
    private static PartnerRefRepository.Change change(IncomingEvent e) {
        boolean stageChange = "PartnerStageChanged".equals(e.name());
        if (!stageChange && !"PartnerCreated".equals(e.name()) && !"PartnerUpdated".equals(e.name())) {
            return null;
        }
        String partnerId = e.text("partnerId");
        if (partnerId == null || partnerId.isBlank()) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no partnerId");
        }
        Document fields = new Document();
        copyText(e.data(), "name", fields);
        copyText(e.data(), "stage", fields);
        if (stageChange) {
            // the vault gate lifts when the partner becomes active
            copyText(e.data(), "to", fields);
            if (fields.containsKey("to")) {
                fields.put("stage", fields.remove("to"));
            }
        }
        copyText(e.data(), "tier", fields);
        // the demo flag is set when partner-service creates the partner and never changes: only that event sets it
        if ("PartnerCreated".equals(e.name()) && e.data().has("demo") && e.data().get("demo").isBoolean()) {
            fields.append("demo", e.data().get("demo").asBoolean());
        }
        JsonNode contact = e.data().get("primaryContact");
        if (contact != null && contact.isObject()) {
            fields.append("primaryContact", new Document("name", text(contact, "name")).append("email", text(contact, "email")));
        }
        return new PartnerRefRepository.Change(partnerId, fields, e.id(), e.time());
    }

    private static void copyText(JsonNode data, String field, Document into) {
        String v = text(data, field);
        if (v != null) {
            into.append(field, v);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}

package org.partnerportal.nda.service;

import java.time.Clock;

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

    public Uni<Void> apply(IncomingEvent e) {
        boolean stageChange = "PartnerStageChanged".equals(e.name());
        if (!stageChange && !"PartnerCreated".equals(e.name()) && !"PartnerUpdated".equals(e.name())) {
            return Uni.createFrom().voidItem();
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
        return partners.applyIfNewer(partnerId, fields, e.id(), e.time(), clock.instant())
                .invoke(applied -> {
                    if (!applied) {
                        LOG.debugf("Event %s for partner %s is not newer than the stored state; ignored", e.id(), partnerId);
                    }
                })
                .replaceWithVoid();
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

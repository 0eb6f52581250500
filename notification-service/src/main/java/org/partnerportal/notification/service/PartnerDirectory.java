package org.partnerportal.notification.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.bson.conversions.Bson;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.common.mongo.MongoErrors;
import org.partnerportal.notification.domain.PartnerEntry;
import org.partnerportal.notification.repository.PartnerRepository;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The partners as far as e-mail needs them, projected from the public events. Idempotent: every
 * write is a {@code $set}, {@code $addToSet} or {@code $pull}, and PartnerCreated/Updated older
 * than what is stored (by partner-service's version) change nothing.
 */
@ApplicationScoped
public class PartnerDirectory {

    private final PartnerRepository partners;
    private final Clock clock;

    PartnerDirectory(PartnerRepository partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    public Uni<PartnerEntry> find(String partnerId) {
        return partnerId == null ? Uni.createFrom().nullItem() : partners.findById(partnerId);
    }

    /** Partners that are not archived, by tier, stage, event and tag (each filter optional; any of its values). */
    public Uni<List<PartnerEntry>> select(List<String> tiers, List<String> stages, List<String> eventIds,
            List<String> tags) {
        List<Bson> f = new ArrayList<>();
        f.add(Filters.ne("archived", true));
        if (tiers != null && !tiers.isEmpty()) {
            f.add(Filters.in("tier", tiers));
        }
        if (stages != null && !stages.isEmpty()) {
            f.add(Filters.in("stage", stages));
        }
        if (eventIds != null && !eventIds.isEmpty()) {
            f.add(Filters.in("eventIds", eventIds));
        }
        if (tags != null && !tags.isEmpty()) {
            f.add(Filters.in("tags", tags));
        }
        return partners.mongoCollection().find(Filters.and(f)).collect().asList();
    }

    public Uni<Void> apply(IncomingEvent e) {
        JsonNode d = e.data();
        if (d == null || !d.isObject()) {
            return Uni.createFrom().voidItem();
        }
        String partnerId = text(d, "partnerId");
        if (partnerId == null || partnerId.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return switch (e.name() == null ? "" : e.name()) {
            case "PartnerCreated" -> profile(partnerId, d, 0L);
            case "PartnerUpdated" -> profile(partnerId, d, d.path("version").asLong(0));
            case "PartnerStageChanged" -> set(partnerId, Updates.set("stage", text(d, "to")));
            case "PartnerArchived" -> set(partnerId, Updates.set("archived", true));
            case "PartnerRestored" -> set(partnerId, Updates.set("archived", false));
            case "PartnerDeleted" -> partners.deleteById(partnerId).replaceWithVoid();
            case "ProposalIssued", "NdaSigned" -> nameIfUnknown(partnerId, text(d, "partnerName"));
            case "EventPartnerAdded", "EventPartnerUpdated" -> text(d, "eventId") == null ? Uni.createFrom().voidItem()
                    : set(partnerId, Updates.addToSet("eventIds", text(d, "eventId")));
            case "EventPartnerRemoved" -> text(d, "eventId") == null ? Uni.createFrom().voidItem()
                    : set(partnerId, Updates.pull("eventIds", text(d, "eventId")));
            default -> Uni.createFrom().voidItem();
        };
    }

    /** Only the partner-events consumer writes {@code version}, so reading it first is safe. */
    private Uni<Void> profile(String partnerId, JsonNode d, long version) {
        return partners.findById(partnerId).chain(existing -> {
            if (existing != null && existing.version > version) {
                return Uni.createFrom().voidItem();
            }
            List<Bson> u = new ArrayList<>();
            u.add(Updates.set("version", version));
            u.add(Updates.set("updatedAt", clock.instant()));
            if (text(d, "name") != null) {
                u.add(Updates.set("name", text(d, "name")));
            }
            u.add(Updates.set("tier", text(d, "tier")));
            u.add(Updates.set("stage", text(d, "stage")));
            u.add(Updates.set("archived", d.path("archived").asBoolean(false)));
            JsonNode contact = d.path("primaryContact");
            u.add(Updates.set("contactName", contact.isObject() ? text(contact, "name") : null));
            u.add(Updates.set("contactEmail", contact.isObject() ? text(contact, "email") : null));
            JsonNode tags = d.path("tags");
            if (tags.isArray()) {
                List<String> values = new ArrayList<>();
                tags.forEach(t -> values.add(t.asText()));
                u.add(Updates.set("tags", values));
            }
            return set(partnerId, Updates.combine(u));
        });
    }

    private Uni<Void> nameIfUnknown(String partnerId, String name) {
        if (name == null || name.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return partners.findById(partnerId).chain(p -> p != null && p.name != null ? Uni.createFrom().voidItem()
                : set(partnerId, Updates.set("name", name)));
    }

    private Uni<Void> set(String partnerId, Bson update) {
        return partners.mongoCollection()
                .updateOne(Filters.eq("_id", partnerId), update, new UpdateOptions().upsert(true))
                .onFailure(MongoErrors::isDuplicateKey).retry().atMost(1)
                .replaceWithVoid();
    }

    private static String text(JsonNode d, String field) {
        JsonNode n = d.get(field);
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }
}

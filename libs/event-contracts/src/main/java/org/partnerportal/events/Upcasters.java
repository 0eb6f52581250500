package org.partnerportal.events;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What older producers wrote, in the shape of today's record: each type version's rewrites of
 * field names and forms that a version once carried and its record no longer names. A consumer
 * applies them to the data before it reads the record ({@link #upcast(EventType, ObjectNode)}), so
 * that events still on a topic from an earlier build (retention, a replay, a dead-letter re-drive)
 * read the same as new ones, and no consumer spells an old name.
 * <p>
 * A rewrite fills a field only when the data lacks it, so data already in today's shape passes
 * unchanged. A change that a rewrite cannot express is a new version of the type (a new constant).
 */
public final class Upcasters {

    private static final Map<EventType<?>, List<Consumer<ObjectNode>>> BY_TYPE = Map.of(
            PartnerEvents.PARTNER_INVITED, List.of(
                    renamed("inviteUrl", "registerUrl"),
                    renamed("contactName", "name"),
                    renamed("contactEmail", "email")),
            PartnerEvents.ACCESS_REQUESTED, List.of(renamed("language", "lang")),
            PartnerEvents.ACCESS_APPROVED, List.of(renamed("language", "lang")),
            PartnerEvents.ACCESS_DENIED, List.of(renamed("language", "lang")),
            NdaEvents.PROPOSAL_VIEWED, List.of(
                    renamed("firstView", "first"),
                    renamed("occurredAt", "viewedAt"),
                    Upcasters::visitStartFromFirst),
            NotificationRequests.NOTIFICATION_REQUESTED, List.of(
                    renamed("to", "recipients"),
                    Upcasters::recipientsAsObjects));

    private Upcasters() {
    }

    /** {@code data} of {@code type}, rewritten in place into the shape of the type's record. */
    public static ObjectNode upcast(EventType<?> type, ObjectNode data) {
        for (Consumer<ObjectNode> rewrite : BY_TYPE.getOrDefault(type, List.of())) {
            rewrite.accept(data);
        }
        return data;
    }

    /** {@code old} becomes {@code now} when the data has no {@code now}; {@code old} goes either way. */
    private static Consumer<ObjectNode> renamed(String old, String now) {
        return data -> {
            JsonNode value = data.remove(old);
            if (value != null && !value.isNull() && !data.hasNonNull(now)) {
                data.set(now, value);
            }
        };
    }

    /**
     * ProposalViewed reports published before they carried {@code visitStart} counted as a visit
     * only when they were the proposal's first view.
     */
    private static void visitStartFromFirst(ObjectNode data) {
        if (!data.hasNonNull("visitStart")) {
            data.put("visitStart", data.path("first").asBoolean(false));
        }
    }

    /**
     * NotificationRequested v1 accepts a recipient as an address or as {@code {email, name, lang}},
     * and {@code to} (now {@code recipients}) as one address: the record reads a list of objects.
     */
    private static void recipientsAsObjects(ObjectNode data) {
        JsonNode recipients = data.get("recipients");
        if (recipients == null || recipients.isNull()) {
            return;
        }
        ArrayNode objects = JsonNodeFactory.instance.arrayNode();
        for (JsonNode r : recipients.isArray() ? recipients : List.of(recipients)) {
            objects.add(r.isTextual() ? JsonNodeFactory.instance.objectNode().put("email", r.asText()) : r);
        }
        data.set("recipients", objects);
    }
}

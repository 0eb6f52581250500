package org.partnerportal.nda.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.nda.repository.ActionItemRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** ActionItemCreated / Updated / Completed from engagement-events, for the portal's open action items. */
@ApplicationScoped
public class ActionItemProjection {

    private static final Set<String> TYPES = Set.of("ActionItemCreated", "ActionItemUpdated", "ActionItemCompleted");

    private final ActionItemRepository items;

    ActionItemProjection(ActionItemRepository items) {
        this.items = items;
    }

    /** A consumer's batch in one round trip; each item's events in the order given. */
    public Uni<Void> apply(List<IncomingEvent> events) {
        List<ActionItemRepository.Change> changes = new ArrayList<>();
        for (IncomingEvent e : events) {
            if (TYPES.contains(e.name())) {
                changes.add(change(e));
            }
        }
        return changes.isEmpty() ? Uni.createFrom().voidItem() : items.applyAllIfNewer(changes).replaceWithVoid();
    }

    private static ActionItemRepository.Change change(IncomingEvent e) {
        String actionId = e.text("actionId");
        String partnerId = e.text("partnerId");
        if (actionId == null || partnerId == null) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no actionId or partnerId");
        }
        Document fields = new Document("partnerId", partnerId);
        for (String f : new String[] { "title", "assignee", "dueDate", "status", "completedBy", "completedVia" }) {
            if (e.text(f) != null) {
                fields.append(f, e.text(f));
            }
        }
        if ("ActionItemCompleted".equals(e.name())) {
            fields.put("status", "done");
        }
        return new ActionItemRepository.Change(actionId, fields, e.time());
    }

    public static boolean open(Document item) {
        String status = item.getString("status");
        return status == null || !Set.of("done", "completed", "cancelled", "canceled").contains(status);
    }
}

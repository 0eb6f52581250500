package org.partnerportal.nda.service;

import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_COMPLETED;
import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_CREATED;
import static org.partnerportal.events.EngagementEvents.ACTION_ITEM_UPDATED;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.partnerportal.common.events.EventHandlers;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.events.EngagementEvents.ActionItemChanged;
import org.partnerportal.nda.repository.ActionItemRepository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** ActionItemCreated / Updated / Completed from engagement-events, for the portal's open action items. */
@ApplicationScoped
public class ActionItemProjection {

    private final ActionItemRepository items;

    ActionItemProjection(ActionItemRepository items) {
        this.items = items;
    }

    /** A consumer's batch in one round trip; each item's events in the order given. */
    public Uni<Void> apply(List<IncomingEvent> events) {
        List<ActionItemRepository.Change> changes = new ArrayList<>();
        for (IncomingEvent e : events) {
            ActionItemRepository.Change c = HANDLERS.apply(e, null);
            if (c != null) {
                changes.add(c);
            }
        }
        return changes.isEmpty() ? Uni.createFrom().voidItem() : items.applyAllIfNewer(changes).replaceWithVoid();
    }

    private static final EventHandlers<ActionItemRepository.Change> HANDLERS = new EventHandlers<ActionItemRepository.Change>()
            .on(List.of(ACTION_ITEM_CREATED, ACTION_ITEM_UPDATED, ACTION_ITEM_COMPLETED), ActionItemProjection::change);

    private static ActionItemRepository.Change change(IncomingEvent e, ActionItemChanged item) {
        if (item.actionId() == null || item.partnerId() == null) {
            throw new IllegalArgumentException("Event " + e.id() + " (" + e.type() + ") has no actionId or partnerId");
        }
        Document fields = new Document("partnerId", item.partnerId());
        append(fields, "title", item.title());
        append(fields, "assignee", item.assignee());
        append(fields, "dueDate", item.dueDate());
        append(fields, "status", e.is(ACTION_ITEM_COMPLETED) ? "done" : item.status());
        append(fields, "completedBy", item.completedBy());
        append(fields, "completedVia", item.completedVia());
        return new ActionItemRepository.Change(item.actionId(), fields, e.time());
    }

    private static void append(Document fields, String name, String value) {
        if (value != null) {
            fields.append(name, value);
        }
    }
}

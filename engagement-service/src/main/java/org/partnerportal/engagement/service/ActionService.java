package org.partnerportal.engagement.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.bson.conversions.Bson;
import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.domain.ActionItem;
import org.partnerportal.engagement.messaging.EngagementOutboxRelay;
import org.partnerportal.engagement.messaging.OutboxEvents;
import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.Mongo;
import org.partnerportal.engagement.rest.ActivityDtos.ActionInput;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.events.EventType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Updates;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Action items. Admins change anything; a partner (signed in, or through its portal link) may only
 * mark one of its own partner's items done, and somebody else's item looks absent to it.
 */
@ApplicationScoped
public class ActionService {

    public static final String VIA_ADMIN = "admin";
    public static final String VIA_PARTNER = "partner";
    public static final String VIA_PORTAL = "portal";

    private static final int ATTEMPTS = 5;

    private final ActionRepository actions;
    private final OutboxEvents outbox;
    private final EngagementOutboxRelay relay;
    private final Clock clock;

    ActionService(ActionRepository actions, OutboxEvents outbox, EngagementOutboxRelay relay, Clock clock) {
        this.actions = actions;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    /** Who is asking: an admin, or a partner-side caller bound to one partner. */
    public record Caller(String subject, String partnerId, String via) {
        public boolean admin() {
            return VIA_ADMIN.equals(via);
        }
    }

    public ActionItem newItem(String partnerId, ActionInput in, String meetingId, String by, Instant now) {
        ActionItem a = new ActionItem();
        a.id = UUID.randomUUID().toString();
        a.partnerId = partnerId;
        a.title = in.title().trim();
        a.assignee = blankToNull(in.assignee());
        a.dueDate = in.dueDate() == null ? null : in.dueDate().toString();
        a.meetingId = meetingId;
        a.createdBy = by;
        a.createdAt = now;
        a.updatedAt = now;
        a.outbox.add(event(EngagementEvents.ACTION_ITEM_CREATED, a, now).toBson());
        a.outboxPending = true;
        return a;
    }

    public Uni<ActionItem> create(String partnerId, ActionInput in, String by) {
        ActionItem a = newItem(partnerId, in, null, by, clock.instant());
        return actions.persist(a).invoke(() -> relay.wakeUp(ActionRepository.COLLECTION, a.id));
    }

    public Uni<ActionItem> get(String id, Caller caller) {
        return actions.findById(id)
                .onItem().ifNotNull().transform(a -> caller.admin() || a.partnerId.equals(caller.partnerId()) ? a : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Action item", id));
    }

    public Uni<PageResponse<ActionItem>> page(String partnerId, String status, int page, int size) {
        return actions.pageByPartner(partnerId, status, page, size)
                .map(s -> new PageResponse<>(s.items(), s.total(), page, size));
    }

    /** {@code PATCH /api/actions/{id}}: a merge patch of title, assignee, dueDate, status. */
    public Uni<ActionItem> patch(String id, ObjectNode patch, Caller caller) {
        Changes wanted = parse(patch);
        if (!caller.admin() && (wanted.setTitle || wanted.setAssignee || wanted.setDueDate
                || !ActionItem.DONE.equals(wanted.status))) {
            return Uni.createFrom().failure(ProblemException.forbidden(
                    "A partner may only mark its action items done: send { \"status\": \"done\" }"));
        }
        return apply(id, wanted, caller, ATTEMPTS);
    }

    /** The portal's and the partner's "done" button; marking a done item done again changes nothing. */
    public Uni<ActionItem> complete(String id, Caller caller) {
        Changes c = new Changes();
        c.status = ActionItem.DONE;
        return apply(id, c, caller, ATTEMPTS);
    }

    private Uni<ActionItem> apply(String id, Changes c, Caller caller, int left) {
        if (left == 0) {
            return Uni.createFrom().failure(ProblemException.conflict("concurrent-update", "Action item " + id + " keeps changing; retry"));
        }
        return get(id, caller).chain(a -> {
            Instant now = clock.instant();
            List<Bson> sets = new ArrayList<>();
            boolean fieldsChanged = false;
            if (c.setTitle && !Objects.equals(a.title, c.title)) {
                a.title = c.title;
                sets.add(Updates.set("title", a.title));
                fieldsChanged = true;
            }
            if (c.setAssignee && !Objects.equals(a.assignee, c.assignee)) {
                a.assignee = c.assignee;
                sets.add(Updates.set("assignee", a.assignee));
                fieldsChanged = true;
            }
            if (c.setDueDate && !Objects.equals(a.dueDate, c.dueDate)) {
                a.dueDate = c.dueDate;
                sets.add(Updates.set("dueDate", a.dueDate));
                fieldsChanged = true;
            }
            boolean completed = false;
            boolean reopened = false;
            if (c.status != null && !c.status.equals(a.status)) {
                a.status = c.status;
                sets.add(Updates.set("status", a.status));
                if (ActionItem.DONE.equals(c.status)) {
                    completed = true;
                    a.completedBy = caller.subject();
                    a.completedVia = caller.via();
                    a.completedAt = now;
                } else {
                    reopened = true;
                    a.completedBy = null;
                    a.completedVia = null;
                    a.completedAt = null;
                }
                sets.add(Updates.set("completedBy", a.completedBy));
                sets.add(Updates.set("completedVia", a.completedVia));
                sets.add(Updates.set("completedAt", Mongo.date(a.completedAt)));
            }
            if (sets.isEmpty()) {
                return Uni.createFrom().item(a);
            }
            a.updatedAt = now;
            sets.add(Updates.set("updatedAt", Mongo.date(now)));
            List<OutboxEvent> events = new ArrayList<>();
            if (fieldsChanged || reopened) {
                events.add(event(EngagementEvents.ACTION_ITEM_UPDATED, a, now));
            }
            if (completed) {
                events.add(event(EngagementEvents.ACTION_ITEM_COMPLETED, a, now));
            }
            long version = a.version;
            return actions.updateIfVersion(id, version, sets, events).chain(ok -> {
                if (!ok) {
                    return apply(id, c, caller, left - 1);
                }
                a.version = version + 1;
                if (!events.isEmpty()) {
                    relay.wakeUp(ActionRepository.COLLECTION, a.id);
                }
                return Uni.createFrom().item(a);
            });
        });
    }

    private OutboxEvent event(EventType<EngagementEvents.ActionItemChanged> type, ActionItem a, Instant now) {
        return outbox.engagement(type, a.partnerId, new EngagementEvents.ActionItemChanged(a.id, a.partnerId, a.title,
                a.assignee, a.dueDate, a.status, a.meetingId, a.completedBy, a.completedVia, now), now);
    }

    private static final class Changes {
        boolean setTitle;
        String title;
        boolean setAssignee;
        String assignee;
        boolean setDueDate;
        String dueDate;
        String status;
    }

    private static Changes parse(ObjectNode patch) {
        Changes c = new Changes();
        List<Problem.FieldError> errors = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            var f = it.next();
            JsonNode v = f.getValue();
            switch (f.getKey()) {
                case "title" -> {
                    if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > 300) {
                        errors.add(new Problem.FieldError("title", "must be 1 to 300 characters"));
                    } else {
                        c.setTitle = true;
                        c.title = v.asText().trim();
                    }
                }
                case "assignee" -> {
                    if (!v.isNull() && (!v.isTextual() || v.asText().length() > 200)) {
                        errors.add(new Problem.FieldError("assignee", "must be text of at most 200 characters, or null"));
                    } else {
                        c.setAssignee = true;
                        c.assignee = v.isNull() ? null : blankToNull(v.asText());
                    }
                }
                case "dueDate" -> {
                    if (v.isNull()) {
                        c.setDueDate = true;
                    } else {
                        try {
                            c.dueDate = LocalDate.parse(v.asText()).toString();
                            c.setDueDate = v.isTextual();
                            if (!v.isTextual()) {
                                errors.add(new Problem.FieldError("dueDate", "must be a date YYYY-MM-DD, or null"));
                            }
                        } catch (DateTimeParseException e) {
                            errors.add(new Problem.FieldError("dueDate", "must be a date YYYY-MM-DD, or null"));
                        }
                    }
                }
                case "status" -> {
                    if (v.isTextual() && (ActionItem.OPEN.equals(v.asText()) || ActionItem.DONE.equals(v.asText()))) {
                        c.status = v.asText();
                    } else {
                        errors.add(new Problem.FieldError("status", "must be open or done"));
                    }
                }
                default -> errors.add(new Problem.FieldError(f.getKey(), "unknown or read-only field"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return c;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

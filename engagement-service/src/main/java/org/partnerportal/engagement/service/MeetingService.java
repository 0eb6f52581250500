package org.partnerportal.engagement.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.partnerportal.engagement.domain.ActionItem;
import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.messaging.EngagementOutboxRelay;
import org.partnerportal.engagement.messaging.OutboxEvents;
import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.engagement.rest.ActivityDtos.ActionInput;
import org.partnerportal.engagement.rest.ActivityDtos.DecisionInput;
import org.partnerportal.engagement.rest.ActivityDtos.MeetingInput;
import org.partnerportal.events.EngagementEvents;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Meetings and decisions, both rows of the partner's timeline. A meeting also creates its action
 * items and asks notification-service for the agenda e-mail to its attendees.
 * <p>
 * Without multi-document transactions the action items are written first (each carrying its
 * ActionItemCreated), then the meeting row carrying MeetingScheduled and the e-mail request: a
 * crash in between leaves open action items and no meeting, never a meeting announced with items
 * that do not exist.
 */
@ApplicationScoped
public class MeetingService {

    private final TimelineRepository timeline;
    private final ActionRepository actions;
    private final ActionService actionService;
    private final OutboxEvents outbox;
    private final EngagementOutboxRelay relay;
    private final Clock clock;

    MeetingService(TimelineRepository timeline, ActionRepository actions, ActionService actionService,
            OutboxEvents outbox, EngagementOutboxRelay relay, Clock clock) {
        this.timeline = timeline;
        this.actions = actions;
        this.actionService = actionService;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    public record Scheduled(TimelineEntry entry, List<ActionItem> actionItems) {
    }

    public Uni<Scheduled> schedule(String partnerId, MeetingInput in, String by) {
        Instant now = clock.instant();
        String meetingId = UUID.randomUUID().toString();
        List<ActionItem> items = new ArrayList<>();
        for (ActionInput a : in.actionItems() == null ? List.<ActionInput>of() : in.actionItems()) {
            items.add(actionService.newItem(partnerId, a, meetingId, by, now));
        }
        TimelineEntry t = new TimelineEntry();
        t.id = meetingId;
        t.partnerId = partnerId;
        t.kind = TimelineKind.MEETING.key();
        t.title = "Meeting: " + in.title().trim();
        t.detail = in.notes() == null || in.notes().isBlank() ? null : in.notes().trim();
        t.actor = by;
        t.occurredAt = in.startsAt();
        t.recordedAt = now;
        t.meeting = new TimelineEntry.Meeting();
        t.meeting.title = in.title().trim();
        t.meeting.startsAt = in.startsAt();
        t.meeting.scheduledBy = by;
        if (in.attendees() != null) {
            in.attendees().forEach(a -> t.meeting.attendees.add(new TimelineEntry.Attendee(
                    a.name() == null || a.name().isBlank() ? null : a.name().trim(), a.email().trim())));
        }
        if (in.agenda() != null) {
            in.agenda().forEach(item -> t.meeting.agenda.add(item.trim()));
        }
        items.forEach(a -> t.meeting.actionItemIds.add(a.id));

        t.outbox.add(outbox.engagement(EngagementEvents.MEETING_SCHEDULED, partnerId, new EngagementEvents.MeetingScheduled(meetingId, partnerId,
                t.meeting.title, t.meeting.startsAt,
                t.meeting.attendees.stream().map(a -> new EngagementEvents.Attendee(a.name, a.email)).toList(),
                t.meeting.agenda, t.meeting.actionItemIds, by), now).toBson());
        t.outboxPending = true;

        // The agenda e-mail goes out from notification-service, which reads MeetingScheduled (it
        // carries the attendees, the agenda and no secret): one source, so no attendee gets it twice.
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(actions::persist)
                .collect().asList()
                .chain(() -> timeline.persist(t))
                .invoke(() -> {
                    items.forEach(a -> relay.wakeUp(ActionRepository.COLLECTION, a.id));
                    relay.wakeUp(TimelineRepository.COLLECTION, t.id);
                })
                .map(x -> new Scheduled(t, items));
    }

    public Uni<TimelineEntry> decide(String partnerId, DecisionInput in, String by) {
        Instant now = clock.instant();
        TimelineEntry t = new TimelineEntry();
        t.id = UUID.randomUUID().toString();
        t.partnerId = partnerId;
        t.kind = TimelineKind.DECISION.key();
        t.title = "Decision: " + in.title().trim();
        t.detail = in.rationale() == null || in.rationale().isBlank() ? null : in.rationale().trim();
        t.actor = by;
        t.occurredAt = in.decidedAt() != null ? in.decidedAt() : now;
        t.recordedAt = now;
        t.decision = new TimelineEntry.Decision();
        t.decision.title = in.title().trim();
        t.decision.rationale = t.detail;
        t.decision.decidedBy = by;
        t.decision.decidedAt = t.occurredAt;
        t.outbox.add(outbox.engagement(EngagementEvents.DECISION_RECORDED, partnerId,
                new EngagementEvents.DecisionRecorded(t.id, partnerId, t.decision.title, by, t.decision.decidedAt), now).toBson());
        t.outboxPending = true;
        return timeline.persist(t).invoke(() -> relay.wakeUp(TimelineRepository.COLLECTION, t.id));
    }
}

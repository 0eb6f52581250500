package org.partnerportal.engagement.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.domain.Communications;
import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.messaging.EngagementEvents;
import org.partnerportal.engagement.messaging.EngagementOutboxRelay;
import org.partnerportal.engagement.messaging.OutboxEvents;
import org.partnerportal.engagement.repository.TimelineRepository;


import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CommunicationService {

    private final TimelineRepository timeline;
    private final EngagementOutboxRelay relay;
    private final OutboxEvents outbox;
    private final Clock clock;
    private final Duration maxFutureSkew;

    CommunicationService(TimelineRepository timeline, EngagementOutboxRelay relay, OutboxEvents outbox, Clock clock,
            @ConfigProperty(name = "pp.engagement.max-future-skew") Duration maxFutureSkew) {
        this.timeline = timeline;
        this.relay = relay;
        this.outbox = outbox;
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    public record NewCommunication(String subject, String summary, String channel, String direction,
            Instant occurredAt, LocalDate followUpDate, String externalMessageId) {
    }

    /** The stored row, and whether this call created it or found it from an earlier one. */
    public record Logged(TimelineEntry entry, boolean created) {
    }

    public Uni<Logged> log(String partnerId, NewCommunication c, String createdBy) {
        Instant now = clock.instant();
        if (c.occurredAt().isAfter(now.plus(maxFutureSkew))) {
            return Uni.createFrom().failure(ProblemException.badRequest("occurredAt",
                    "must not lie more than " + maxFutureSkew.toHours() + " hours in the future"));
        }
        if (!Communications.CHANNELS.contains(c.channel())) {
            return Uni.createFrom().failure(ProblemException.badRequest("channel", "must be one of " + Communications.CHANNELS));
        }
        if (!Communications.DIRECTIONS.contains(c.direction())) {
            return Uni.createFrom().failure(ProblemException.badRequest("direction", "must be inbound or outbound"));
        }
        String externalId = blankToNull(c.externalMessageId());
        TimelineEntry t = new TimelineEntry();
        t.id = Communications.idFor(partnerId, externalId);
        t.partnerId = partnerId;
        t.kind = TimelineKind.COMMUNICATION.key();
        t.title = c.subject().trim();
        t.detail = blankToNull(c.summary());
        t.actor = createdBy;
        t.occurredAt = c.occurredAt();
        t.recordedAt = now;
        t.communication = new TimelineEntry.Communication();
        t.communication.subject = t.title;
        t.communication.summary = t.detail;
        t.communication.channel = c.channel();
        t.communication.direction = c.direction();
        t.communication.followUpDate = c.followUpDate();
        t.communication.externalMessageId = externalId;
        t.communication.origin = "manual";
        t.communication.createdBy = createdBy;
        t.outbox.add(outbox.engagement(partnerId, new EngagementEvents.CommunicationLogged(t.id, partnerId, t.title, c.channel(),
                c.direction(), c.occurredAt(), c.followUpDate(), externalId, createdBy, now), now).toBson());
        t.outboxPending = true;
        // the row and its event are one insert; a repeated message id collides with its first row
        return timeline.insertOnce(t).chain(written -> {
            if (written) {
                relay.wakeUp(TimelineRepository.COLLECTION, t.id);
                return Uni.createFrom().item(new Logged(t, true));
            }
            return timeline.findById(t.id).onItem().ifNull()
                    .failWith(() -> new IllegalStateException("Duplicate key on " + t.id + " but no row found"))
                    .map(existing -> new Logged(existing, false));
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

package org.partnerportal.engagement.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.domain.Communications;
import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.messaging.EngagementOutboxRelay;
import org.partnerportal.engagement.messaging.OutboxEvents;
import org.partnerportal.engagement.repository.EventRepository;
import org.partnerportal.engagement.repository.SyncStatusRepository;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.engagement.rest.TimelineDtos.ImportResult;
import org.partnerportal.engagement.rest.TimelineDtos.SyncedMessage;
import org.partnerportal.engagement.rest.TimelineDtos.ThreadCount;
import org.partnerportal.events.EngagementEvents;

import com.mongodb.client.model.Filters;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Communications: logged by hand, or imported from a mail sync. Either way a communication is one
 * timeline row holding its CommunicationLogged event; one that carries an external message id gets
 * an id derived from (partner, provider, message id), so the same message logged again, by hand or
 * by a later sync run, lands on its first row instead of adding a second.
 */
@ApplicationScoped
public class CommunicationService {

    private final TimelineRepository timeline;
    private final EventRepository events;
    private final PartnerGuard partners;
    private final SyncStatusRepository syncStatus;
    private final EngagementOutboxRelay relay;
    private final OutboxEvents outbox;
    private final Clock clock;
    private final Duration maxFutureSkew;

    CommunicationService(TimelineRepository timeline, EventRepository events, PartnerGuard partners,
            SyncStatusRepository syncStatus, EngagementOutboxRelay relay, OutboxEvents outbox, Clock clock,
            @ConfigProperty(name = "pp.engagement.max-future-skew") Duration maxFutureSkew) {
        this.timeline = timeline;
        this.events = events;
        this.partners = partners;
        this.syncStatus = syncStatus;
        this.relay = relay;
        this.outbox = outbox;
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    public record NewCommunication(String subject, String summary, String channel, String direction,
            Instant occurredAt, LocalDate followUpDate, String externalMessageId, String eventId, String source,
            String sourceProvider, String externalThreadId) {
    }

    /** The stored row, and whether this call created it or found it from an earlier one. */
    public record Logged(TimelineEntry entry, boolean created) {
    }

    public Uni<Logged> log(String partnerId, NewCommunication c, String createdBy) {
        Instant now = clock.instant();
        List<Problem.FieldError> errors = check(c, "", now);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        return partners.known(partnerId)
                .chain(() -> c.eventId() == null ? Uni.createFrom().voidItem() : requireEvents(Set.of(c.eventId())))
                .chain(() -> insert(partnerId, c, createdBy, now));
    }

    /**
     * One mail sync run. The whole request is checked first (fields, partners, events): a refused
     * run writes no communication, only its error on the provider's status row. Then each message is
     * inserted once (a message imported before counts as a duplicate), so a run that dies half-way
     * is simply sent again. The answer counts the messages per thread.
     */
    public Uni<ImportResult> importRun(String provider, List<SyncedMessage> messages, String runError, String by) {
        Instant now = clock.instant();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            errors.addAll(check(messages.get(i).toCommand(provider), "messages[" + i + "].", now));
        }
        if (!errors.isEmpty()) {
            return this.<ImportResult>refused(provider, now, messages.size(), ProblemException.invalid(errors));
        }
        Set<String> partnerIds = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        for (SyncedMessage m : messages) {
            partnerIds.add(m.partnerId());
            if (m.eventId() != null) {
                eventIds.add(m.eventId());
            }
        }
        return partners.unknown(partnerIds).chain(unknown -> {
            if (!unknown.isEmpty()) {
                return this.<ImportResult>refused(provider, now, messages.size(), ProblemException.unprocessable("unknown-partner",
                        "No such partner: " + String.join(", ", unknown.stream().sorted().toList())));
            }
            return requireEvents(eventIds)
                    .onFailure(ProblemException.class).recoverWithUni(e -> this.<Void>refused(provider, now,
                            messages.size(), (ProblemException) e))
                    .chain(() -> Multi.createFrom().iterable(messages)
                            .onItem().transformToUniAndConcatenate(m -> insert(m.partnerId(), m.toCommand(provider), by, now)
                                    .map(logged -> Map.entry(m, logged.created())))
                            .collect().asList())
                    .chain(results -> {
                        Map<String, int[]> threads = new LinkedHashMap<>();
                        int imported = 0;
                        for (Map.Entry<SyncedMessage, Boolean> r : results) {
                            SyncedMessage m = r.getKey();
                            String thread = m.externalThreadId() != null ? m.externalThreadId() : m.externalMessageId();
                            int[] t = threads.computeIfAbsent(thread, k -> new int[2]);
                            t[0]++;
                            if (r.getValue()) {
                                t[1]++;
                                imported++;
                            }
                        }
                        ImportResult result = new ImportResult(provider, messages.size(), imported,
                                messages.size() - imported, threads.entrySet().stream()
                                        .map(e -> new ThreadCount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList());
                        return syncStatus.recordRun(provider, now, result.received(), result.imported(),
                                result.duplicates(), blankToNull(runError)).replaceWith(result);
                    });
        });
    }

    /** Records a refused run on the provider's row, then answers with the refusal. */
    private <T> Uni<T> refused(String provider, Instant now, int received, ProblemException refusal) {
        String detail = refusal.problem().detail() != null ? refusal.problem().detail() : refusal.problem().title();
        return syncStatus.recordRun(provider, now, received, 0, 0, "Refused: " + detail)
                .chain(() -> Uni.createFrom().failure(refusal));
    }

    private Uni<Void> requireEvents(Set<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return events.mongoCollection().find(Filters.in("_id", List.copyOf(eventIds))).map(e -> e.id).collect().asList()
                .map(found -> {
                    Set<String> missing = new HashSet<>(eventIds);
                    found.forEach(missing::remove);
                    if (!missing.isEmpty()) {
                        throw ProblemException.unprocessable("unknown-event",
                                "No such event: " + String.join(", ", missing.stream().sorted().toList()));
                    }
                    return null;
                });
    }

    private List<Problem.FieldError> check(NewCommunication c, String prefix, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (c.occurredAt() != null && c.occurredAt().isAfter(now.plus(maxFutureSkew))) {
            errors.add(new Problem.FieldError(prefix + "occurredAt",
                    "must not lie more than " + maxFutureSkew.toHours() + " hours in the future"));
        }
        if (!Communications.CHANNELS.contains(c.channel())) {
            errors.add(new Problem.FieldError(prefix + "channel", "must be one of " + Communications.CHANNELS));
        }
        if (!Communications.DIRECTIONS.contains(c.direction())) {
            errors.add(new Problem.FieldError(prefix + "direction", "must be inbound or outbound"));
        }
        if (!Communications.SOURCES.contains(c.source())) {
            errors.add(new Problem.FieldError(prefix + "source", "must be manual or email_sync"));
        } else if (Communications.EMAIL_SYNC.equals(c.source())
                && (blankToNull(c.sourceProvider()) == null || blankToNull(c.externalMessageId()) == null)) {
            errors.add(new Problem.FieldError(prefix + "sourceProvider",
                    "a synced message needs its sourceProvider and externalMessageId"));
        }
        return errors;
    }

    private Uni<Logged> insert(String partnerId, NewCommunication c, String createdBy, Instant now) {
        String externalId = blankToNull(c.externalMessageId());
        String provider = blankToNull(c.sourceProvider());
        TimelineEntry t = new TimelineEntry();
        t.id = Communications.idFor(partnerId, provider, externalId);
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
        t.communication.origin = c.source();
        t.communication.sourceProvider = provider;
        t.communication.externalThreadId = blankToNull(c.externalThreadId());
        t.communication.eventId = blankToNull(c.eventId());
        t.communication.createdBy = createdBy;
        t.outbox.add(outbox.engagement(EngagementEvents.COMMUNICATION_LOGGED, partnerId, new EngagementEvents.CommunicationLogged(t.id, partnerId, t.title,
                c.channel(), c.direction(), c.occurredAt(), c.followUpDate(), externalId, createdBy, now,
                t.communication.externalThreadId, t.communication.eventId, c.source(), provider), now).toBson());
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

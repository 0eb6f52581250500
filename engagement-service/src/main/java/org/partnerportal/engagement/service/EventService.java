package org.partnerportal.engagement.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.partnerportal.common.api.PageResponse;
import org.partnerportal.common.problem.Problem;
import org.partnerportal.common.problem.ProblemException;
import org.partnerportal.engagement.domain.Money;
import org.partnerportal.engagement.domain.PartnershipEvent;
import org.partnerportal.engagement.domain.Slugs;
import org.partnerportal.engagement.repository.EventRepository;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.RollupRepository;
import org.partnerportal.engagement.rest.EventDtos.EventInput;
import org.partnerportal.engagement.rest.EventDtos.EventView;
import org.partnerportal.engagement.rest.EventDtos.TierInput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

@ApplicationScoped
public class EventService {

    private final EventRepository events;
    private final LinkRepository links;
    private final RollupRepository rollups;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final Clock clock;

    EventService(EventRepository events, LinkRepository links, RollupRepository rollups, ObjectMapper mapper,
            Validator validator, Clock clock) {
        this.events = events;
        this.links = links;
        this.rollups = rollups;
        this.mapper = mapper;
        this.validator = validator;
        this.clock = clock;
    }

    public Uni<PartnershipEvent> create(EventInput input, String by) {
        PartnershipEvent e = new PartnershipEvent();
        e.id = UUID.randomUUID().toString();
        apply(e, input);
        Instant now = clock.instant();
        e.createdBy = by;
        e.createdAt = now;
        e.updatedAt = now;
        return events.persist(e);
    }

    public Uni<PartnershipEvent> get(String id) {
        return events.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Event", id));
    }

    public Uni<PageResponse<PartnershipEvent>> page(boolean archived, Integer year, int page, int size) {
        return events.page(archived, year, page, size).map(s -> new PageResponse<>(s.items(), s.total(), page, size));
    }

    /**
     * A JSON merge patch (RFC 7396) over the event's writable fields; the merged whole is validated
     * as a new event would be, so no path leaves an event that a create would have refused.
     */
    public Uni<PartnershipEvent> patch(String id, ObjectNode patch, Long ifVersion) {
        return get(id).chain(current -> {
            if (ifVersion != null && ifVersion != current.version) {
                return Uni.createFrom().failure(ProblemException.preconditionFailed(
                        "Event " + id + " is at version " + current.version + ", not " + ifVersion));
            }
            ObjectNode merged = mapper.valueToTree(EventView.of(current).toInput());
            patch.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    merged.remove(f.getKey());
                } else {
                    merged.set(f.getKey(), f.getValue());
                }
            });
            EventInput input;
            try {
                input = mapper.treeToValue(merged, EventInput.class);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            Set<ConstraintViolation<EventInput>> violations = validator.validate(input);
            if (!violations.isEmpty()) {
                return Uni.createFrom().failure(new ConstraintViolationException(violations));
            }
            String oldName = current.name;
            int oldYear = current.year;
            long version = current.version;
            apply(current, input);
            current.version = version + 1;
            current.updatedAt = clock.instant();
            return events.replaceIfVersion(current, version).chain(done -> {
                if (!done) {
                    return Uni.createFrom().failure(ProblemException.conflict("concurrent-update",
                            "Event " + id + " was changed meanwhile; read it again and retry"));
                }
                if (!oldName.equals(current.name) || oldYear != current.year) {
                    return links.renameEvent(id, current.name, current.year).replaceWith(current);
                }
                return Uni.createFrom().item(current);
            });
        });
    }

    /** Archiving is the normal way out; archiving twice is harmless. */
    public Uni<PartnershipEvent> archive(String id) {
        return setArchived(id, true);
    }

    /** Brings an archived event back: it takes links again and counts on the dashboard; restoring twice is harmless. */
    public Uni<PartnershipEvent> restore(String id) {
        return setArchived(id, false);
    }

    private Uni<PartnershipEvent> setArchived(String id, boolean archived) {
        return get(id).chain(e -> {
            if (e.archived == archived) {
                return Uni.createFrom().item(e);
            }
            long version = e.version;
            e.archived = archived;
            e.archivedAt = archived ? clock.instant() : null;
            e.updatedAt = clock.instant();
            e.version = version + 1;
            return events.replaceIfVersion(e, version).chain(done -> done ? Uni.createFrom().item(e)
                    : Uni.createFrom().failure(ProblemException.conflict("concurrent-update",
                            "Event " + id + " was changed meanwhile; retry")));
        });
    }

    /** Refused while any partner is linked: that is history, which archiving keeps. */
    public Uni<Void> delete(String id) {
        return get(id).chain(e -> links.countLive(id)).chain(n -> {
            if (n > 0) {
                return Uni.createFrom().failure(ProblemException.conflict("event-has-links",
                        "Event " + id + " has " + n + " partner link(s); remove them or archive the event",
                        Map.of("links", n)));
            }
            return links.deleteSettledTombstones(id).chain(() -> events.deleteById(id))
                    .chain(() -> rollups.delete(id));
        });
    }

    private static void apply(PartnershipEvent e, EventInput in) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (in.startDate() != null && in.endDate() != null && in.endDate().isBefore(in.startDate())) {
            errors.add(new Problem.FieldError("endDate", "must not be before startDate"));
        }
        boolean linkedId = in.linkedMainEventId() != null && !in.linkedMainEventId().isBlank();
        if (linkedId != (in.linkedMainEventYear() != null)) {
            errors.add(new Problem.FieldError(linkedId ? "linkedMainEventYear" : "linkedMainEventId",
                    "linkedMainEventId and linkedMainEventYear go together"));
        }
        List<PartnershipEvent.TierConfig> tiers = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        List<TierInput> given = in.tierConfigs() == null ? List.of() : in.tierConfigs();
        for (int i = 0; i < given.size(); i++) {
            TierInput t = given.get(i);
            String key = Slugs.of(t.tierKey() != null && !t.tierKey().isBlank() ? t.tierKey() : t.tierLabel());
            if (key == null) {
                errors.add(new Problem.FieldError("tierConfigs[" + i + "].tierKey", "needs a letter or digit"));
            } else if (!keys.add(key)) {
                errors.add(new Problem.FieldError("tierConfigs[" + i + "].tierKey", "duplicates tier " + key));
            } else {
                tiers.add(new PartnershipEvent.TierConfig(key, t.tierLabel().trim(), Money.toCents(t.defaultAmount())));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        e.name = in.name().trim();
        e.year = in.year();
        e.outreachStartDate = iso(in.outreachStartDate());
        e.startDate = iso(in.startDate());
        e.endDate = iso(in.endDate());
        e.sponsorshipGoalCents = Money.toCents(in.sponsorshipGoal());
        e.tierConfigs = tiers;
        e.notes = in.notes() == null || in.notes().isBlank() ? null : in.notes().trim();
        e.linkedMainEventId = linkedId ? in.linkedMainEventId().trim() : null;
        e.linkedMainEventYear = linkedId ? in.linkedMainEventYear() : null;
    }

    private static String iso(LocalDate d) {
        return d == null ? null : d.toString();
    }
}

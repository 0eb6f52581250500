package org.partnerportal.engagement.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.partnerportal.engagement.domain.EventRollup;
import org.partnerportal.engagement.domain.LinkContribution;
import org.partnerportal.engagement.repository.EventRepository;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.RollupRepository;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds an event's rollup from its links: for an event's first counted link, and at start-up for
 * events that have none (links written before the rollup existed, or loaded straight into the
 * database). A rebuilt document is consistent by
 * construction (its sums are those of its entries, each entry one version of a link), and it
 * replaces the stored one only if no applier wrote in between (compare-and-set on the revision;
 * otherwise it is built again). Links written meanwhile keep their pending marker and are applied
 * on top, and one already counted in the rebuilt entry is then only cleared.
 */
@ApplicationScoped
public class RollupRebuild {

    private static final Logger LOG = Logger.getLogger(RollupRebuild.class);
    private static final int ATTEMPTS = 10;
    private static final int EVENTS_PER_PASS = 10;

    private final EventRepository events;
    private final LinkRepository links;
    private final RollupRepository rollups;

    RollupRebuild(EventRepository events, LinkRepository links, RollupRepository rollups) {
        this.events = events;
        this.links = links;
        this.rollups = rollups;
    }

    /**
     * Builds the rollup of every event that has none, {@link #EVENTS_PER_PASS} events per pass over
     * the links: fewer passes than one per event, and memory for that many events' entries only.
     */
    public Uni<Void> rebuildMissing() {
        return Uni.combine().all().unis(events.all(), rollups.eventIds()).asTuple()
                .chain(t -> {
                    List<String> missing = t.getItem1().stream().map(e -> e.id).filter(id -> !t.getItem2().contains(id))
                            .toList();
                    List<List<String>> passes = new ArrayList<>();
                    for (int i = 0; i < missing.size(); i += EVENTS_PER_PASS) {
                        passes.add(missing.subList(i, Math.min(missing.size(), i + EVENTS_PER_PASS)));
                    }
                    return Multi.createFrom().iterable(passes)
                            .onItem().transformToUniAndConcatenate(ids -> rebuild(ids, ATTEMPTS).invoke(
                                    () -> LOG.infof("Rollups of %d event(s) built from their links", ids.size())))
                            .onItem().ignoreAsUni();
                });
    }

    /** Replaces the event's rollup by one built from its links. */
    public Uni<Void> rebuild(String eventId) {
        return rebuild(List.of(eventId), ATTEMPTS);
    }

    private Uni<Void> rebuild(List<String> eventIds, int left) {
        if (left == 0) {
            return Uni.createFrom().failure(new IllegalStateException("The rollups of events " + eventIds
                    + " kept changing during their rebuild"));
        }
        return rollups.revisions(eventIds).chain(revisions -> {
            Map<String, EventRollup.Builder> builders = new HashMap<>();
            eventIds.forEach(id -> builders.put(id, new EventRollup.Builder()));
            return links.streamByEvents(eventIds)
                    .invoke(l -> builders.get(l.eventId).add(l.partnerId, l.version, LinkContribution.of(l)))
                    .onItem().ignoreAsUni()
                    .chain(() -> Multi.createFrom().iterable(eventIds)
                            .onItem().transformToUniAndConcatenate(id -> {
                                Long revision = revisions.get(id);
                                return rollups.replaceIfRevision(id, revision,
                                        builders.get(id).toBson(id, revision == null ? 0 : revision + 1))
                                        .map(done -> done ? "" : id);
                            })
                            .filter(id -> !id.isEmpty())
                            .collect().asList())
                    .chain(lost -> lost.isEmpty() ? Uni.createFrom().voidItem() : rebuild(lost, left - 1));
        });
    }
}

package org.partnerportal.engagement.service;

import org.jboss.logging.Logger;
import org.partnerportal.engagement.domain.EventRollup.Entry;
import org.partnerportal.engagement.domain.LinkContribution;
import org.partnerportal.engagement.domain.PartnerEventLink;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.RollupRepository;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Brings the dashboard rollup in step with the links, without multi-document transactions:
 * <ol>
 * <li>a link write sets {@code rollupPending} in the same single-document write (and bumps the
 * link's {@code version}, as every write does);</li>
 * <li>{@link #apply} reads the link and its entry in the event's rollup; unless the entry already
 * counts this version or a newer one, it moves the entry to this version and the sums by the
 * difference, in one update guarded by the entry's version (a lost race reads again). An event
 * without a rollup gets one built whole from its links ({@link RollupRebuild});</li>
 * <li>it then clears the marker, only if the link is still at the version it applied. After a
 * writer's own apply, the outbox relay does that in the update that removes the write's event.</li>
 * </ol>
 * A crash after step 1 leaves the marker, and {@link #healPending} (scheduled, and at start-up)
 * applies the link again; after step 2 the entry already counts the version, so applying again
 * changes nothing and only clears the marker. Appliers racing on one link (the writer's own call,
 * the scheduler, another replica) are serialised by the entry's version; one holding an old read
 * of the link finds a newer version counted and stops. Nothing is lost (the marker stays until the
 * version is counted) and nothing is counted twice (each entry counts one version of its link).
 */
@ApplicationScoped
public class RollupApplier {

    private static final Logger LOG = Logger.getLogger(RollupApplier.class);
    private static final int ATTEMPTS = 10;
    private static final int BATCH = 100;

    private final LinkRepository links;
    private final RollupRepository rollups;
    private final RollupRebuild rebuild;

    RollupApplier(LinkRepository links, RollupRepository rollups, RollupRebuild rebuild) {
        this.links = links;
        this.rollups = rollups;
        this.rebuild = rebuild;
    }

    /** Counts the link's current version in its event's rollup, if it is pending. */
    public Uni<Void> apply(String linkId) {
        return links.findById(linkId).chain(link -> link == null || !link.rollupPending ? Uni.createFrom().voidItem()
                : count(link, ATTEMPTS).chain(() -> links.clearRollupPending(link.id, link.version)).replaceWithVoid());
    }

    /**
     * What a writer calls after its link write, with the link as it wrote it (that version, its
     * fields): the caller's next dashboard already counts it, and the link is not read again. If
     * another write has overtaken it, its version is the older one: the entry already counts a
     * newer one or will. The marker is not cleared here but in the update in which the outbox
     * relay removes the write's published event ({@link #counts}, {@code EngagementOutboxRelay}):
     * one write fewer per link write. Should the relay not get there (off, Kafka unreachable),
     * {@link #healPending} clears it. A failure is only logged, the write stands and
     * {@link #healPending} applies it later.
     */
    public Uni<Void> applyAfterWrite(PartnerEventLink written) {
        return count(written, ATTEMPTS)
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf(e, "Rollup not updated for link %s; the pending marker stays for the next pass", written.id);
                    return Uni.createFrom().voidItem();
                });
    }

    /** Whether the event's rollup counts this version of the link, or a newer one, already. */
    public Uni<Boolean> counts(String eventId, String partnerId, long version) {
        return rollups.lookup(eventId, partnerId).map(found -> found.entry() != null && found.entry().version() >= version);
    }

    /** Applies every pending link, batch after batch, until none is left; emits how many. */
    public Uni<Long> healPending() {
        return links.rollupPending(BATCH).chain(batch -> batch.isEmpty() ? Uni.createFrom().item(0L)
                : Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(l -> apply(l.id))
                        .collect().last()
                        .chain(() -> healPending())
                        .map(rest -> rest + batch.size()));
    }

    @Scheduled(every = "${pp.engagement.rollup.heal-interval}", delayed = "${pp.engagement.rollup.heal-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledHeal() {
        return healPending().invoke(n -> {
            if (n > 0) {
                LOG.infof("Rollup: applied %d link(s) left pending", n);
            }
        }).replaceWithVoid();
    }

    private Uni<Void> count(PartnerEventLink link, int left) {
        if (left == 0) {
            return Uni.createFrom().failure(new IllegalStateException("Rollup entry of link " + link.id
                    + " keeps changing under this applier"));
        }
        return rollups.lookup(link.eventId, link.partnerId).chain(found -> {
            if (!found.exists()) {
                // the event's first counted link, or links from before the rollup: build it whole
                return rebuild.rebuild(link.eventId).chain(() -> count(link, left - 1));
            }
            Entry current = found.entry();
            if (current != null && current.version() >= link.version) {
                return Uni.createFrom().voidItem();
            }
            return rollups.move(link.eventId, link.partnerId, current, link.version, LinkContribution.of(link))
                    .chain(moved -> moved ? Uni.createFrom().voidItem() : count(link, left - 1));
        });
    }
}

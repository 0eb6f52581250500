package org.partnerportal.engagement.service;

import java.time.Duration;

import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.partnerportal.common.startup.StartupWork;
import org.partnerportal.engagement.health.RollupReadiness;
import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.EventRepository;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.TimelineRepository;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Indexes before the first request, begun before the Kafka channels connect and awaited at the end
 * of the start ({@link StartupWork}); then, in the background (it reads every link of the events
 * that have no rollup yet), the dashboard rollup's reconciliation, which readiness waits for; begun,
 * as before, once the channels are connected.
 */
@ApplicationScoped
public class StartupTasks {

    private static final Logger LOG = Logger.getLogger(StartupTasks.class);

    private Uni<Void> indexes;

    void indexes(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, StartupWork work,
            TimelineRepository timeline, EventRepository events, LinkRepository links, ActionRepository actions) {
        indexes = work.begin(timeline.ensureIndexes()
                .chain(events::ensureIndexes)
                .chain(links::ensureIndexes)
                .chain(actions::ensureIndexes));
    }

    void reconcileOnceIndexed(@Observes StartupEvent event, RollupRebuild rebuild, RollupApplier applier,
            @Readiness RollupReadiness readiness) {
        indexes.subscribe().with(done -> reconcile(rebuild, applier, readiness), e -> {
            // the start fails on it (StartupWork)
        });
    }

    private static void reconcile(RollupRebuild rebuild, RollupApplier applier, RollupReadiness readiness) {
        rebuild.rebuildMissing()
                .chain(applier::healPending)
                .onFailure().invoke(e -> LOG.warn("Rollup reconciliation failed; retrying", e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(n -> {
                    LOG.infof("Dashboard rollup reconciled (%d pending link(s) applied)", n);
                    readiness.markReconciled();
                });
    }
}

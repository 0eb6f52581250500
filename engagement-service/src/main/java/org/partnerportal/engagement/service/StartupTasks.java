package org.partnerportal.engagement.service;

import java.time.Duration;

import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.partnerportal.engagement.health.RollupReadiness;
import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.EventRepository;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.TimelineRepository;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Indexes before the first request; then, in the background (it reads every link of the events
 * that have no rollup yet), the dashboard rollup's reconciliation, which readiness waits for.
 */
@ApplicationScoped
public class StartupTasks {

    private static final Logger LOG = Logger.getLogger(StartupTasks.class);

    void onStart(@Observes StartupEvent event, TimelineRepository timeline, EventRepository events,
            LinkRepository links, ActionRepository actions, RollupRebuild rebuild, RollupApplier applier,
            @Readiness RollupReadiness readiness) {
        timeline.ensureIndexes()
                .chain(events::ensureIndexes)
                .chain(links::ensureIndexes)
                .chain(actions::ensureIndexes)
                .await().atMost(Duration.ofSeconds(30));
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

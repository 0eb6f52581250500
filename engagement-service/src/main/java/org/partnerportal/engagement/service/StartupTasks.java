package org.partnerportal.engagement.service;

import java.time.Duration;

import org.partnerportal.engagement.repository.ActionRepository;
import org.partnerportal.engagement.repository.EventRepository;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.TimelineRepository;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Indexes before the first request. */
@ApplicationScoped
public class StartupTasks {

    void onStart(@Observes StartupEvent event, TimelineRepository timeline, EventRepository events,
            LinkRepository links, ActionRepository actions) {
        timeline.ensureIndexes()
                .chain(events::ensureIndexes)
                .chain(links::ensureIndexes)
                .chain(actions::ensureIndexes)
                .await().atMost(Duration.ofSeconds(30));
    }
}

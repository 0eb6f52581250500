package org.partnerportal.engagement.service;

import java.time.Duration;

import org.partnerportal.engagement.repository.TimelineRepository;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Indexes before the first request. */
@ApplicationScoped
public class StartupTasks {

    void onStart(@Observes StartupEvent event, TimelineRepository timeline) {
        timeline.ensureIndexes().await().atMost(Duration.ofSeconds(30));
    }
}

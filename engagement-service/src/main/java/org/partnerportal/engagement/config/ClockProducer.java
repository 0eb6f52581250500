package org.partnerportal.engagement.config;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

public class ClockProducer {

    /**
     * The wall clock in the business time zone (what "today" means for follow-ups), or a fixed
     * instant when {@code pp.engagement.fixed-clock} is set: the dashboard tests' profile does that.
     */
    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock(@ConfigProperty(name = "pp.engagement.time-zone") ZoneId zone,
            @ConfigProperty(name = "pp.engagement.fixed-clock") Optional<Instant> fixed) {
        return fixed.map(f -> Clock.fixed(f, zone)).orElseGet(() -> Clock.system(zone));
    }
}

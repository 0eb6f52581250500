package org.partnerportal.gateway.config;

import java.time.Clock;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class ClockProducer {

    /** The system clock; tests replace it to move time (token expiry, rate windows). */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}

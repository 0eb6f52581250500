package org.partnerportal.nda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;

/**
 * The consumers' session timeout is a default of libs/service-common (its
 * microprofile-config.properties), not of this service's application.properties: it reaches every
 * consumer all the same, so a restarted instance gets its partitions back after 10 s, not 45 s.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class ConsumerSessionTimeoutTest {

    @Inject
    KafkaClientService clients;

    @Test
    void consumersGetTheSharedSessionTimeout() {
        for (String channel : new String[] { "partner-events", "engagement-events" }) {
            assertEquals("10000", String.valueOf(clients.getConsumer(channel).configuration().get("session.timeout.ms")), channel);
        }
    }
}

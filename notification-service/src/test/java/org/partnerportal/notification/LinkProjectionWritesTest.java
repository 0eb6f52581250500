package org.partnerportal.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.StoreCommands;
import org.partnerportal.testsupport.StoreCommands.Command;

import com.mongodb.client.model.Filters;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * What one link PUT costs this service: the store commands behind the EventPartnerAdded the link
 * announces (the partner's event list, for mass mailings by event; no e-mail), counted as the
 * MongoDB driver sends them (figures in deploy/bench/README.md, "Writes behind one link PUT").
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class LinkProjectionWritesTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Inject
    RecordedStoreCommands commands;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void aNewLinkIsOneWriteHere() {
        String partner = UUID.randomUUID().toString();
        String event = "ev-" + UUID.randomUUID();

        commands.start();
        KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, partner, UUID.randomUUID().toString(),
                "{\"partnerId\":\"" + partner + "\",\"eventId\":\"" + event + "\",\"role\":\"sponsor\",\"amount\":1200}");
        StoreCommands.awaitInStore(database, WITHIN, db -> {
            Document p = db.getCollection("partners").find(Filters.eq("_id", partner)).first();
            return p != null && p.getList("eventIds", String.class, List.of()).contains(event);
        });
        List<Command> sent = commands.stop(c -> c.mentions(partner));

        Map<String, Long> writes = StoreCommands.tally(sent.stream().filter(Command::write).toList());
        System.out.printf("EventPartnerAdded, notification-service: writes %s, reads %s%n", writes,
                StoreCommands.tally(sent.stream().filter(c -> !c.write()).toList()));
        assertEquals(Map.of("update partners", 1L), writes, "the partner's event list; no delivery row");
    }
}

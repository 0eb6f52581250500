package org.partnerportal.nda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.nda.repository.Collections;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.StoreCommands;
import org.partnerportal.testsupport.StoreCommands.Command;

import com.mongodb.client.model.Filters;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * What one link PUT costs this service: nothing. Its engagement-events consumer reads the
 * EventPartnerAdded and lets it pass; to know when it has, the test sends an action item of the
 * same partner right behind it (same key, same partition, read in order) and counts every
 * command about the partner until that item is stored: the item's write alone.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class LinkProjectionWritesTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Inject
    RecordedStoreCommands commands;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void aNewLinkIsNoWriteHere() {
        String partner = UUID.randomUUID().toString();
        String action = UUID.randomUUID().toString();

        commands.start();
        KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, partner,
                "{\"partnerId\":\"" + partner + "\",\"eventId\":\"ev-1\",\"role\":\"sponsor\",\"amount\":1200}");
        KafkaEvents.publish(EngagementEvents.ACTION_ITEM_CREATED, partner,
                "{\"actionId\":\"" + action + "\",\"partnerId\":\"" + partner + "\",\"title\":\"Send the logo\"}");
        StoreCommands.awaitInStore(database, WITHIN,
                db -> db.getCollection(Collections.ACTION_ITEMS).find(Filters.eq("_id", action)).first() != null);
        List<Command> sent = commands.stop(c -> c.mentions(partner));

        System.out.printf("EventPartnerAdded, nda-service: %s (the action item sent behind it included)%n",
                StoreCommands.tally(sent));
        assertEquals(Map.of("update " + Collections.ACTION_ITEMS, 1L), StoreCommands.tally(sent),
                "the action item's write (its batch's one bulk write), and nothing for the link");
    }
}

package org.partnerportal.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.partner.repository.PartnerRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.StoreCommands;
import org.partnerportal.testsupport.StoreCommands.Command;

import com.mongodb.client.model.Filters;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * What one link PUT costs this service: the store commands behind its projection of the
 * EventPartnerAdded the link announces, counted as the MongoDB driver sends them (figures in
 * deploy/bench/README.md, "Writes behind one link PUT").
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class LinkProjectionWritesTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Inject
    RecordedStoreCommands commands;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void projectingANewLinkIsOneWrite() {
        String id = create(body(unique("Counted Co")));
        // the partner's own PartnerCreated leaves first, so that its removal is not counted
        awaitStored(id, p -> p.getList("outbox", Document.class).isEmpty() && !p.getBoolean("outboxPending"));

        commands.start();
        KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, id, UUID.randomUUID().toString(),
                "{\"partnerId\":\"" + id + "\",\"eventId\":\"ev-counted\",\"role\":\"sponsor\",\"amount\":1200}");
        awaitStored(id, p -> p.get("engagement", Document.class).getList("eventsParticipated", String.class).contains("ev-counted"));
        List<Command> sent = commands.stop(c -> c.mentions(id));

        Map<String, Long> writes = StoreCommands.tally(sent.stream().filter(Command::write).toList());
        System.out.printf("EventPartnerAdded, partner-service: writes %s, reads %s%n", writes,
                StoreCommands.tally(sent.stream().filter(c -> !c.write()).toList()));
        assertEquals(Map.of("update partners", 1L), writes,
                "the partner's engagement, version-checked, in the batch's one bulk write; no event");
    }

    private void awaitStored(String id, java.util.function.Predicate<Document> done) {
        StoreCommands.awaitInStore(database, WITHIN, db -> {
            Document p = db.getCollection(PartnerRepository.COLLECTION).find(Filters.eq("_id", id)).first();
            return p != null && done.test(p);
        });
    }
}

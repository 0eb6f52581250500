package org.partnerportal.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.engagement.Fixtures.adminPut;
import static org.partnerportal.engagement.Fixtures.createEvent;
import static org.partnerportal.engagement.Fixtures.map;
import static org.partnerportal.engagement.Fixtures.partner;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.partnerportal.engagement.domain.PartnerEventLink;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.StoreCommands;
import org.partnerportal.testsupport.StoreCommands.Command;

import com.mongodb.client.model.Filters;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The store commands behind one {@code PUT /api/events/{e}/partners/{p}} of a new link, in this
 * service, counted as the MongoDB driver sends them: from the request to the moment everything it
 * sets off here is done (the event published and removed from the link, the dashboard rollup
 * counting the link and its marker cleared, the timeline row written from the event). The
 * figures are in deploy/bench/README.md ("Writes behind one link PUT").
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class LinkWritesTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Inject
    RecordedStoreCommands commands;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void aNewLinkIsFourWritesHere() {
        String event = createEvent(map("name", "Writes per link", "year", 2026));
        // the event's first link builds its rollup document: a one-off, kept out of the count
        String first = partner();
        adminPut("/api/events/" + event + "/partners/" + first, map("status", "prospect")).statusCode(201);
        awaitSettled(event, first);

        String partner = partner();
        commands.start();
        adminPut("/api/events/" + event + "/partners/" + partner, map("status", "committed", "amount", 1200))
                .statusCode(201);
        awaitSettled(event, partner);
        List<Command> sent = commands.stop(c -> c.mentions(partner) || c.mentions(event) && !c.mentions(first));

        Map<String, Long> writes = StoreCommands.tally(sent.stream().filter(Command::write).toList());
        Map<String, Long> reads = StoreCommands.tally(sent.stream().filter(c -> !c.write()).toList());
        System.out.printf("One new link, engagement-service: writes %s, reads %s%n", writes, reads);
        assertEquals(new TreeMap<>(Map.of(
                "insert links", 1L, // the link, its event, its rollup marker and the outbox flag
                "findAndModify event_rollups", 1L, // the rollup counts it, before the answer
                "findAndModify links", 1L, // the relay: event removed, flag and rollup marker cleared
                "insert timeline", 1L)), // the timeline row, from the event read back
                writes);
    }

    private void awaitSettled(String event, String partner) {
        StoreCommands.awaitInStore(database, WITHIN, db -> {
            Document l = db.getCollection(LinkRepository.COLLECTION)
                    .find(Filters.eq("_id", PartnerEventLink.idOf(partner, event))).first();
            return l != null && l.getList("outbox", Document.class).isEmpty() && !l.getBoolean("outboxPending")
                    && !l.getBoolean("rollupPending")
                    && db.getCollection(TimelineRepository.COLLECTION).countDocuments(Filters.and(Filters.eq("partnerId", partner),
                            Filters.ne("kind", TimelineKind.PARTNER_CREATED.key()))) == 1;
        });
    }
}

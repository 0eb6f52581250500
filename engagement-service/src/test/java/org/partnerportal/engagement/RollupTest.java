package org.partnerportal.engagement;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.engagement.Fixtures.adminGet;
import static org.partnerportal.engagement.Fixtures.adminPut;
import static org.partnerportal.engagement.Fixtures.createEvent;
import static org.partnerportal.engagement.Fixtures.map;
import static org.partnerportal.engagement.Fixtures.newId;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.partnerportal.engagement.domain.EventRollup.Entry;
import org.partnerportal.engagement.domain.LinkStatuses;
import org.partnerportal.engagement.domain.PartnerEventLink;
import org.partnerportal.engagement.repository.LinkRepository;
import org.partnerportal.engagement.repository.RollupRepository;
import org.partnerportal.engagement.service.DashboardService;
import org.partnerportal.engagement.service.RollupApplier;
import org.partnerportal.engagement.service.RollupRebuild;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The dashboard rollup against a full recount of the links (the aggregation and the sorted query
 * the dashboard used to run), after random writes, replays, a crash between a link write and its
 * rollup update, and a lost rollup document.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class RollupTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    /** Canonical keys, an alias (→ pitched) and a custom status. */
    private static final String[] STATUSES = { "prospect", "contacted", "Proposal Sent", "negotiating", "committed",
            "paid", "declined", "Waiting on Legal" };

    @Inject
    LinkRepository links;
    @Inject
    RollupRepository rollups;
    @Inject
    RollupApplier applier;
    @Inject
    RollupRebuild rebuild;
    @Inject
    ReactiveMongoClient mongo;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void randomLinkWritesKeepTheRollupEqualToAFullRecount() {
        long seed = 20261129L;
        Random random = new Random(seed);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Muscat"));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(createEvent(map("name", "Rollup " + i, "year", 2026, "sponsorshipGoal", 100000)));
        }
        List<String> partners = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            partners.add(Fixtures.partner());
        }
        Set<String> live = new HashSet<>();
        for (int i = 0; i < 150; i++) {
            String event = events.get(random.nextInt(events.size()));
            String partner = partners.get(random.nextInt(partners.size()));
            String path = "/api/events/" + event + "/partners/" + partner;
            if (random.nextInt(4) == 0) {
                RestAssured.given().auth().oauth2(Tokens.admin()).when().delete(path).then()
                        .statusCode(live.remove(path) ? 204 : 404);
                continue;
            }
            Map<String, Object> body = map("status", STATUSES[random.nextInt(STATUSES.length)]);
            if (random.nextBoolean()) {
                body.put("amount", random.nextInt(500_000) / 100.0);
            }
            if (random.nextInt(3) > 0) {
                body.put("followUpDate", today.plusDays(random.nextInt(21) - 10).toString());
            }
            adminPut(path, body).statusCode(live.add(path) ? 201 : 200);
        }

        for (String event : events) {
            assertEquals(LinkRecount.of(linkCollection(), event), counted(event), "event " + event + ", seed " + seed);
        }
        JsonNode dashboard = Fixtures.JSON.valueToTree(adminGet("/api/dashboard").statusCode(200).extract().as(Map.class));
        for (String event : events) {
            LinkRecount.Counted expected = LinkRecount.of(linkCollection(), event);
            long count = 0;
            long committed = 0;
            long paid = 0;
            for (Map.Entry<String, String> s : expected.statuses().entrySet()) {
                String[] countAndAmount = s.getValue().split("/");
                long amount = Long.parseLong(countAndAmount[1]);
                count += Long.parseLong(countAndAmount[0]);
                committed += LinkStatuses.COMMITTED_STATUSES.contains(s.getKey()) ? amount : 0;
                paid += LinkStatuses.PAID.equals(s.getKey()) ? amount : 0;
            }
            JsonNode row = eventRow(dashboard, event);
            assertEquals(count, row.get("links").asLong());
            assertEquals(0, BigDecimal.valueOf(committed, 2).compareTo(row.get("committed").decimalValue()));
            assertEquals(0, BigDecimal.valueOf(paid, 2).compareTo(row.get("paid").decimalValue()));
        }

        // the next follow-ups: what the dashboard's sorted query over all links used to give
        String weekEnd = today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)).toString();
        List<String> archived = mongo.getDatabase(database).getCollection("events").find(Filters.eq("archived", true))
                .map(d -> d.getString("_id")).collect().asList().await().atMost(WITHIN);
        List<String> expectedNext = linkCollection().find(Filters.and(Filters.eq("removed", false),
                Filters.nin("status", LinkStatuses.CLOSED_STATUSES), Filters.gt("followUpDate", ""),
                Filters.lte("followUpDate", weekEnd), Filters.nin("eventId", archived)),
                new FindOptions().sort(Sorts.ascending("followUpDate", "_id")).limit(DashboardService.QUEUE_SIZE))
                .map(d -> d.getString("_id")).collect().asList().await().atMost(WITHIN);
        List<String> next = new ArrayList<>();
        dashboard.get("followUps").get("next").forEach(row -> next.add(row.get("linkId").asText()));
        assertEquals(expectedNext, next);

        for (String event : events) {
            LinkRecount.Counted maintained = counted(event);
            rebuild.rebuild(event).await().atMost(WITHIN);
            assertEquals(maintained, counted(event), "a rebuild from the links gives the maintained figures");
        }
    }

    @Test
    void applyingTheSameLinkVersionAgainCountsItOnce() {
        String event = createEvent(map("name", "Replay", "year", 2026));
        String partner = Fixtures.partner();
        adminPut("/api/events/" + event + "/partners/" + partner, map("status", "committed", "amount", 1000,
                "followUpDate", LocalDate.now(ZoneId.of("Asia/Muscat")).plusDays(1).toString())).statusCode(201);
        String id = PartnerEventLink.idOf(partner, event);
        LinkRecount.Counted once = counted(event);
        assertEquals(LinkRecount.of(linkCollection(), event), once);
        // the marker goes with the link's published event, in the relay's removal of it
        await().atMost(WITHIN).until(() -> !link(id).rollupPending);

        // an applier died after updating the rollup and before clearing the marker: the marker is
        // back, and the version is applied again, by several appliers at once
        links.mongoCollection().updateOne(Filters.eq("_id", id), Updates.set("rollupPending", true)).await().atMost(WITHIN);
        Uni.join().all(applier.apply(id), applier.apply(id), applier.apply(id)).andFailFast().await().atMost(WITHIN);
        assertEquals(once, counted(event));
        assertFalse(link(id).rollupPending);

        // a move computed from an entry that is no longer the counted one changes nothing
        Entry counted = rollups.lookup(event, partner).await().atMost(WITHIN).entry();
        assertFalse(rollups.move(event, partner, new Entry(counted.version() - 1, null), counted.version(),
                counted.counted()).await().atMost(WITHIN));
        assertEquals(once, counted(event));
    }

    @Test
    void aLinkWriteLeftPendingByACrashIsHealed() {
        String event = createEvent(map("name", "Crash", "year", 2026, "sponsorshipGoal", 5000));
        String partner = Fixtures.partner();
        adminPut("/api/events/" + event + "/partners/" + partner, map("status", "prospect", "amount", 100,
                "followUpDate", LocalDate.now(ZoneId.of("Asia/Muscat")).toString())).statusCode(201);
        String id = PartnerEventLink.idOf(partner, event);
        PartnerEventLink link = link(id);

        // the link write exactly as LinkService makes it, and then the process dies
        assertTrue(links.updateIfVersion(id, link.version, List.of(Updates.set("status", "paid"),
                Updates.set("statusLabel", "Paid"), Updates.set("amountCents", 250_000L)), null).await().atMost(WITHIN));
        assertTrue(link(id).rollupPending);
        assertNotEquals(LinkRecount.of(linkCollection(), event), counted(event), "not counted before the healing");

        assertTrue(applier.healPending().await().atMost(WITHIN) >= 1);
        assertEquals(LinkRecount.of(linkCollection(), event), counted(event));
        assertFalse(link(id).rollupPending);

        // the rollup document itself lost: start-up rebuilds it from the links
        rollups.delete(event).await().atMost(WITHIN);
        rebuild.rebuildMissing().await().atMost(WITHIN);
        assertEquals(LinkRecount.of(linkCollection(), event), counted(event));
    }

    private LinkRecount.Counted counted(String event) {
        return LinkRecount.Counted.of(rollups.figures(List.of(event)).await().atMost(WITHIN).get(0));
    }

    private PartnerEventLink link(String id) {
        return links.findById(id).await().atMost(WITHIN);
    }

    private ReactiveMongoCollection<Document> linkCollection() {
        return mongo.getDatabase(database).getCollection(LinkRepository.COLLECTION);
    }

    private static JsonNode eventRow(JsonNode dashboard, String eventId) {
        for (JsonNode row : dashboard.get("events")) {
            if (eventId.equals(row.get("eventId").asText())) {
                return row;
            }
        }
        throw new AssertionError("event " + eventId + " not on the dashboard");
    }
}

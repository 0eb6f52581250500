package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Exactly-once effects at the one moment a crash makes a producer publish twice: after Kafka
 * acknowledged an outbox event and before the relay removed it from its document. A service is
 * restarted with the test fault point {@code pp.test.fault.outbox-after-ack=<event name>} (service-common's
 * {@code FaultPoint}, passed as a JVM option through {@code PP_SERVICE_JAVA_OPTS}), which halts it
 * ({@code Runtime.halt}) in exactly that window; it is then started normally, and its relay
 * publishes the same events again, with the same CloudEvent ids. Each case proves the duplicate
 * really went out (two records with one id on the topic), then that every consumer ignored it: the
 * partner's documents in the other services' databases (projections, timeline rows, delivery rows)
 * are exactly what they were once the first copy had been applied, and each mail arrived once.
 * <p>
 * The same for notification-service's sender between the SMTP server's accept and the row's update
 * ({@code pp.test.fault.mail-after-accept=<template>}): there the guarantee is at-least-once, and
 * the test proves its bound: the row ends {@code sent} with one {@code NotificationSent}, and the
 * recipient holds at most two copies, all with the row's one Message-ID.
 */
class DuplicatePublishIT {

    private static final Duration LAUNCH = Duration.ofMinutes(4);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final List<String> SERVICES = List.of("partner-service", "engagement-service", "nda-service",
            "notification-service");

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    @AfterAll
    static void leaveItRunning() {
        // whatever happened above, later tests find every service up and none armed
        SERVICES.forEach(s -> Stack.launcher(LAUNCH, "start", s));
    }

    // --- the cases ---

    @Test
    void partnerCreatedPublishedTwiceIsProjectedOnce() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "Twice Told " + suffix;
        armed("partner-service", "-Dpp.test.fault.outbox-after-ack=PartnerCreated");
        String id;
        try {
            Response created = PartnerJourneyIT.admin().body(Map.of("name", name, "description", "Announced twice.",
                    "industry", "Media", "tier", "gold", "contacts", List.of(Map.of("name", "Salim Twice",
                            "email", "salim." + suffix + "@twice.example", "role", "CEO", "isPrimary", true)))).when().post("/api/partners");
            // the halt may come before the answer: the stored partner is the truth
            id = created.statusCode() == 201 ? created.path("id") : partnerIdByName(name);
            awaitHalted("partner-service");
            keepBefore("partner-service", id);
        } finally {
            restartNormally("partner-service");
        }
        String partnerId = id;
        Predicate<Topic.Event> mine = e -> "partnerportal.PartnerCreated.v1".equals(e.type())
                && partnerId.equals(e.data().path("partnerId").asText());
        proveNoDuplicateEffect("partner-service", partnerId, Map.of("partner-events", mine), () -> List.of(
                timelineRows(partnerId, "partner_created", 1),
                () -> assertEquals(name, PartnerJourneyIT.partner(partnerId).getString("name"))));
    }

    @Test
    void ndaSignedAndItsMailRequestsPublishedTwiceCountOnce() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contact = "huda." + suffix + "@twice.example";
        String id = PartnerJourneyIT.createPartner("Twice Signed " + suffix, "Signs once, announced twice.", "Energy",
                "silver", Map.of("name", "Huda Al-Harthy", "email", contact, "role", "Director"));
        Map<String, Object> content = Map.of("sections", Map.of("hero", "# Once", "terms", "One NDA."));
        await().atMost(WAIT).until(() -> PartnerJourneyIT.admin().body(content).when()
                .put("/api/partners/" + id + "/proposal").statusCode() == 200);
        String token = PartnerJourneyIT.admin().body(Map.of()).when().post("/api/partners/" + id + "/proposal-token")
                .then().statusCode(201).extract().path("token");
        JsonPath template = given().baseUri(Stack.gateway()).when().get("/api/nda/template")
                .then().statusCode(200).extract().jsonPath();
        List<Long> numbersBefore = ndaNumbers();

        // every event of the NDA record (NdaSigned, DocumentAdded, the admin alert's and the signer's
        // mail requests) is acknowledged, none removed: all are published again after the restart
        armed("nda-service", "-Dpp.test.fault.outbox-after-ack=NotificationRequested");
        try {
            given().baseUri(Stack.gateway()).header("X-Link-Token", token).contentType("application/json")
                    .body(Map.of("contactName", "Huda Al-Harthy", "contactEmail", contact, "contactTitle", "Director",
                            "signature", "Huda Al-Harthy", "templateVersion", template.getString("version"),
                            "textSha256", template.getString("sha256")))
                    .when().post("/api/proposals/" + id + "/nda");
            awaitHalted("nda-service");
            keepBefore("nda-service", id);
        } finally {
            restartNormally("nda-service");
        }
        Predicate<Topic.Event> record = e -> id.equals(e.key()) && Set.of("partnerportal.NdaSigned.v1",
                "partnerportal.DocumentAdded.v1").contains(e.type());
        Predicate<Topic.Event> mailRequests = e -> id.equals(e.key()) && "partnerportal.NotificationRequested.v1".equals(e.type());
        proveNoDuplicateEffect("nda-service", id, Map.of("nda-events", record, "notification-requests", mailRequests),
                () -> {
                    List<Map<String, Object>> ndas = PartnerJourneyIT.admin().when().get("/api/partners/" + id + "/ndas")
                            .then().statusCode(200).extract().jsonPath().getList("items");
                    String reference = ndas.isEmpty() ? "none" : String.valueOf(ndas.get(0).get("reference"));
                    List<Long> numbersAfter = ndaNumbers();
                    return List.of(
                            () -> assertEquals(1, ndas.size(), "the partner's NDAs: " + ndas),
                            () -> assertEquals(numbersBefore.size() + 1, numbersAfter.size(),
                                    "one NDA number more, not two: " + numbersBefore + " → " + numbersAfter),
                            () -> assertEquals(numbersAfter.stream().distinct().count(), numbersAfter.size(),
                                    "NDA numbers unique: " + numbersAfter),
                            () -> assertTrue(PartnerJourneyIT.admin().when().get("/api/ndas/verify").then()
                                    .statusCode(200).extract().jsonPath().getBoolean("valid"), "the evidence chain"),
                            timelineRows(id, "nda_signed", 1),
                            mailsOnce(contact, "nda_signed_signer_record", reference),
                            mailsOnce("admin@partnerportal.test", "nda_signed_admin_alert", reference));
                });
    }

    @Test
    void eventPartnerAddedPublishedTwiceChangesTheProjectionsOnce() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String id = PartnerJourneyIT.createPartner("Twice Linked " + suffix, "Linked once, announced twice.", "Retail",
                "bronze", Map.of("name", "Omar Al-Rawahi", "email", "omar." + suffix + "@twice.example", "role", "CEO"));
        String eventId = PartnerJourneyIT.admin().body(Map.of("name", "Twice Expo " + suffix, "year", 2027))
                .when().post("/api/events").then().statusCode(201).extract().path("id");
        // every consumer knows the partner first, so the link lands on its projections
        settled(Set.of());

        armed("engagement-service", "-Dpp.test.fault.outbox-after-ack=EventPartnerAdded");
        try {
            PartnerJourneyIT.admin().body(Map.of("status", "confirmed", "packageTier", "gold", "role", "Sponsor",
                    "amount", 25000)).when().put("/api/events/" + eventId + "/partners/" + id);
            awaitHalted("engagement-service");
            keepBefore("engagement-service", id);
        } finally {
            restartNormally("engagement-service");
        }
        Predicate<Topic.Event> mine = e -> "partnerportal.EventPartnerAdded.v1".equals(e.type())
                && id.equals(e.data().path("partnerId").asText()) && eventId.equals(e.data().path("eventId").asText());
        proveNoDuplicateEffect("engagement-service", id, Map.of("engagement-events", mine), () -> List.of(
                () -> assertEquals(List.of(eventId), PartnerJourneyIT.partner(id).getList("engagement.eventsParticipated"),
                        "partner-service's projection: the event once")));
    }

    @Test
    void aMailAcceptedBeforeACrashIsSentAgainWithItsMessageIdAndMarkedSentOnce() {
        String to = "twice." + UUID.randomUUID().toString().substring(0, 8) + "@twice.example";
        // a short lease: the row a halted sender leaves "sending" is due again seconds after the restart
        armed("notification-service", "-Dpp.test.fault.mail-after-accept=test_email -Dpp.notification.send-lease=3s");
        Document during;
        try {
            given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("superadmin")).contentType("application/json")
                    .body(Map.of("to", to)).when().post("/api/notifications/test");
            awaitHalted("notification-service");
            during = delivery(to);
            assertEquals("sending", during.getString("status"), "halted between the SMTP accept and the row's update");
            assertEquals(1, Mailbox.of(to).size(), "the SMTP server accepted the first copy");
        } finally {
            restartNormally("notification-service");
        }
        String rowId = during.getString("_id");
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> "sent".equals(delivery(to).getString("status")));
        settled(Set.of());
        Document row = delivery(to);
        List<Mailbox.Mail> copies = Mailbox.of(to);
        String messageId = given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin"))
                .when().get("/api/notifications/deliveries/" + rowId).then().statusCode(200).extract().path("messageId");
        long sentEvents = Topic.read("notification-events").stream()
                .filter(e -> "partnerportal.NotificationSent.v1".equals(e.type())
                        && rowId.equals(e.data().path("deliveryId").asText()))
                .count();
        System.out.printf("[DuplicatePublishIT] mail-after-accept: row %s %s after %d attempts, %d cop%s in the mailbox, "
                + "Message-IDs %s, %d NotificationSent%n", rowId, row.getString("status"), row.getInteger("attempts"),
                copies.size(), copies.size() == 1 ? "y" : "ies", copies.stream().map(Mailbox.Mail::messageId).toList(), sentEvents);
        assertAll(
                () -> assertEquals("sent", row.getString("status")),
                () -> assertEquals(2, row.getInteger("attempts"), "the first attempt died after the accept"),
                () -> assertEquals(1, sentEvents, "NotificationSent once for the row"),
                () -> assertTrue(copies.size() >= 1 && copies.size() <= 2, "at most two copies: " + copies.size()),
                () -> assertEquals(Set.of(messageId), copies.stream().map(Mailbox.Mail::messageId).collect(Collectors.toSet()),
                        "every copy carries the row's Message-ID"),
                () -> assertEquals(Set.of(rowId), copies.stream().map(Mailbox.Mail::deliveryId).collect(Collectors.toSet()),
                        "every copy names the row"));
    }

    // --- the proof ---

    /**
     * After the restart: the duplicate went out (each matching record's CloudEvent id twice on its
     * topic, and the producer's outbox emptied), then, once everything settled, the partner's
     * documents in the consumers' databases are what they were after the first copy, and the
     * case's own checks hold. The producer's own database is left out of that comparison: its
     * documents lose their outbox events in between, and what it consumes of its own topic may
     * first be applied after its restart.
     */
    private static void proveNoDuplicateEffect(String producer, String partnerId, Map<String, Predicate<Topic.Event>> published,
            Supplier<List<Executable>> checks) {
        // "before": taken while the producer was down, after the others had applied the first copies
        Map<String, String> before = BEFORE.remove(producer);
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try (MongoClient mongo = mongo()) {
                return mongo.getDatabase(producer).listCollectionNames().into(new ArrayList<>()).stream()
                        .allMatch(c -> mongo.getDatabase(producer).getCollection(c)
                                .countDocuments(Filters.and(mentions(partnerId), Filters.exists("outbox.0"))) == 0);
            }
        });
        Map<String, Map<String, Long>> copies = new TreeMap<>();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                published.forEach((topic, filter) -> copies.put(topic, Topic.read(topic).stream().filter(filter)
                        .collect(Collectors.groupingBy(e -> e.ce().get("id"), TreeMap::new, Collectors.counting()))));
                return copies.values().stream().allMatch(byId -> !byId.isEmpty() && byId.values().stream().allMatch(n -> n >= 2));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below, with the consumers' state
        }
        settled(Set.of());
        Map<String, String> after = documentsOf(partnerId, producer);
        System.out.printf("[DuplicatePublishIT] %s: copies per CloudEvent id %s; %d document(s) of the partner compared%n",
                producer, copies, after.size());
        List<Executable> all = new ArrayList<>();
        copies.forEach((topic, byId) -> all.add(() -> assertTrue(!byId.isEmpty() && byId.values().stream().allMatch(n -> n == 2),
                "every event of the window published twice on " + topic + ": " + byId)));
        all.add(() -> assertEquals(before, after, "the partner's documents in the consumers' databases changed "
                + "when the duplicate was applied"));
        all.addAll(checks.get());
        assertAll(all);
    }

    private static final Map<String, Map<String, String>> BEFORE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts {@code service} again with the fault point armed (a JVM option of its command). */
    private static void armed(String service, String javaOptions) {
        Stack.launcher(LAUNCH, "stop", service);
        Stack.launcher(Map.of("PP_SERVICE_JAVA_OPTS", javaOptions), LAUNCH, "start", service);
    }

    /** The armed service halted itself at its fault point (its log says so, its port is closed). */
    private static void awaitHalted(String service) {
        int port = Stack.SERVICE_PORTS.get(SERVICES.indexOf(service));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> !listening(port));
        Path log = Stack.DIR.resolve("logs").resolve(service + ".log");
        try {
            assertTrue(Files.readString(log).contains("TEST FAULT POINT pp.test.fault."), service + " did not halt at its fault point");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Once the other services applied what went out before the halt: the partner's documents in
     * their databases, the state the duplicate must leave as it is.
     */
    private static void keepBefore(String producer, String partnerId) {
        settled(Set.of(producer));
        BEFORE.put(producer, documentsOf(partnerId, producer));
    }

    private static void restartNormally(String service) {
        Stack.launcher(LAUNCH, "stop", service, "--kill");
        Stack.launcher(LAUNCH, "start", service);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Nothing moves any more, but for the consumer group and database of {@code down} (a halted service). */
    private static void settled(Set<String> down) {
        try (StoreSnapshot.Probe probe = new StoreSnapshot.Probe()) {
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> probe.unsettled().stream()
                    .noneMatch(line -> down.stream().noneMatch(s -> line.startsWith(s + " ← ") || line.startsWith(s + "."))));
        }
    }

    private static Bson mentions(String partnerId) {
        return Filters.or(Filters.eq("_id", partnerId), Filters.eq("partnerId", partnerId),
                Filters.eq("relatedPartnerId", partnerId));
    }

    /**
     * The partner's documents (by {@code _id}, {@code partnerId} or {@code relatedPartnerId}) in
     * every service database but {@code producer}'s, as JSON, keyed by database, collection and id.
     */
    private static Map<String, String> documentsOf(String partnerId, String producer) {
        Map<String, String> out = new TreeMap<>();
        try (MongoClient mongo = mongo()) {
            for (String name : SERVICES) {
                if (name.equals(producer)) {
                    continue;
                }
                MongoDatabase db = mongo.getDatabase(name);
                for (String c : db.listCollectionNames()) {
                    for (Document d : db.getCollection(c).find(mentions(partnerId))) {
                        d.remove("outbox");
                        d.remove("outboxPending");
                        out.put(name + "." + c + "/" + d.get("_id"), d.toJson());
                    }
                }
            }
        }
        return out;
    }

    private static MongoClient mongo() {
        return MongoClients.create("mongodb://localhost:" + Stack.MONGO);
    }

    private static String partnerIdByName(String name) {
        return await().atMost(WAIT).until(() -> {
            try (MongoClient mongo = mongo()) {
                Document d = mongo.getDatabase("partner-service").getCollection("partners").find(Filters.eq("name", name)).first();
                return d == null ? null : String.valueOf(d.get("_id"));
            }
        }, java.util.Objects::nonNull);
    }

    private static Document delivery(String recipient) {
        try (MongoClient mongo = mongo()) {
            List<Document> rows = mongo.getDatabase("notification-service").getCollection("deliveries")
                    .find(Filters.eq("recipient", recipient)).into(new ArrayList<>());
            assertEquals(1, rows.size(), "one delivery row for " + recipient);
            return rows.get(0);
        }
    }

    /** The NDA records' sequence numbers (the number in NDA-00042), in order. */
    private static List<Long> ndaNumbers() {
        try (MongoClient mongo = mongo()) {
            return mongo.getDatabase("nda-service").getCollection("partnerNdaRequests").find().into(new ArrayList<>())
                    .stream().map(d -> ((Number) d.get("seq")).longValue()).sorted().toList();
        }
    }

    private static Executable timelineRows(String partnerId, String kind, int expected) {
        return () -> {
            List<String> kinds = PartnerJourneyIT.admin().queryParam("size", 200).when()
                    .get("/api/partners/" + partnerId + "/timeline").then().statusCode(200).extract().jsonPath()
                    .getList("items.kind");
            assertEquals(expected, kinds.stream().filter(kind::equals).count(), "timeline rows " + kind + ": " + kinds);
        };
    }

    /** One copy of the template's mail about {@code about} in the mailbox: one row, one message, one Message-ID. */
    private static Executable mailsOnce(String address, String template, String about) {
        return () -> {
            List<Mailbox.Mail> mails = await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Mailbox.of(address).stream().filter(m -> template.equals(m.template())
                            && (m.text() + m.html() + m.subject()).contains(about)).toList(), l -> !l.isEmpty());
            assertEquals(1, mails.size(), template + " to " + address + ": " + mails.stream().map(Mailbox.Mail::messageId).toList());
        };
    }
}

package org.partnerportal.systemtests;

import static org.partnerportal.systemtests.ChaosClient.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.restassured.path.json.JsonPath;

/**
 * The end-of-run audit: the system's state, read from outside (the gateway, the services'
 * databases on the wire server, the Kafka broker, the mailboxes) and compared with the
 * {@link ChaosLedger}. Each check is one line of the report: what was expected, what was found.
 */
final class ChaosBooks {

    static final List<String> DATABASES = List.of("partner-service", "engagement-service", "nda-service",
            "notification-service");

    /** One line of the books. */
    record Check(String name, String expected, String found, boolean ok) {
        @Override
        public String toString() {
            return String.format("%-4s %-46s expected %-26s found %s", ok ? "ok" : "FAIL", name, expected, found);
        }
    }

    private final List<ChaosJourney> journeys;
    private final ChaosLedger ledger;
    private final String tag;
    private final Map<TopicPartition, Long> deadLetterMark;
    private final List<FaultInjector.Fault> injected;
    private final List<Check> checks = new ArrayList<>();

    ChaosBooks(List<ChaosJourney> journeys, ChaosLedger ledger, String tag, Map<TopicPartition, Long> deadLetterMark,
            List<FaultInjector.Fault> injected) {
        this.journeys = journeys;
        this.ledger = ledger;
        this.tag = tag;
        this.deadLetterMark = deadLetterMark;
        this.injected = injected;
    }

    /** How many of the run's faults killed this component. */
    private long kills(String component) {
        return injected.stream().filter(f -> f.component().equals(component)).count();
    }

    /** Everything produced has been consumed and nothing waits to be published or sent: the books can close. */
    boolean settled() {
        return totalLag().values().stream().allMatch(l -> l == 0) && outboxBacklog() == 0 && unsentDeliveries() == 0;
    }

    List<Check> audit() {
        checks.clear();
        try (MongoClient mongo = MongoClients.create("mongodb://localhost:" + Stack.MONGO)) {
            partners(mongo);
            ndaChain(mongo);
            timeline(mongo);
            mails();
        }
        consumers();
        backlog();
        deadLetters();
        return List.copyOf(checks);
    }

    private void check(String name, Object expected, Object found, boolean ok) {
        checks.add(new Check(name, String.valueOf(expected), String.valueOf(found), ok));
    }

    /** A range check against the ledger: at least the sure effects, at most one more per unknown outcome. */
    private void range(String name, long sure, long unsure, long found) {
        check(name, unsure == 0 ? String.valueOf(sure) : sure + ".." + (sure + unsure), found,
                found >= sure && found <= sure + unsure);
    }

    private List<ChaosJourney> withPartner() {
        return journeys.stream().filter(j -> j.partnerId != null).toList();
    }

    private void partners(MongoClient mongo) {
        MongoDatabase db = mongo.getDatabase("partner-service");
        long created = withPartner().size();
        long stored = db.getCollection("partners").countDocuments(Filters.regex("name", "^Chaos " + tag + " "));
        check("partners of the run (partner-service)", created, stored, stored == created);
        long requests = db.getCollection("access_requests").countDocuments(Filters.regex("email", "^req-" + tag + "-"));
        range("access requests of the run", journeys.stream().mapToLong(j -> ledger.sure(j.n, "register")).sum(),
                journeys.stream().mapToLong(j -> ledger.unsure(j.n, "register")).sum(), requests);
        long approved = db.getCollection("access_requests").countDocuments(Filters.and(
                Filters.regex("email", "^req-" + tag + "-"), Filters.eq("status", "approved")));
        long sureApprovals = journeys.stream().mapToLong(j -> ledger.sure(j.n, "approve")).sum();
        check("approved requests", sureApprovals, approved, approved == sureApprovals);
        long won = db.getCollection("partners").countDocuments(Filters.and(Filters.regex("name", "^Chaos " + tag + " "),
                Filters.eq("stage", "active")));
        long sureClosed = journeys.stream().mapToLong(j -> ledger.sure(j.n, "close")).sum();
        check("partners closed as won (stage active)", sureClosed, won, won == sureClosed);
        List<String> views = new ArrayList<>();
        for (ChaosJourney j : withPartner()) {
            JsonPath p = admin("/api/partners/" + j.partnerId);
            long found = p.getLong("proposalViews");
            long sure = ledger.sure(j.n, "proposal-view");
            long unsure = ledger.unsure(j.n, "proposal-view");
            if (found < sure || found > sure + unsure) {
                views.add(j.name + ": " + found + " not in " + sure + ".." + (sure + unsure));
            }
        }
        check("proposal views counted per partner", "within the ledger", views.isEmpty() ? "all" : views, views.isEmpty());
    }

    private void ndaChain(MongoClient mongo) {
        List<Document> all = mongo.getDatabase("nda-service").getCollection("partnerNdaRequests").find()
                .into(new ArrayList<>());
        List<Long> seqs = all.stream().map(d -> ((Number) d.get("seq")).longValue()).sorted().toList();
        Set<String> refs = all.stream().map(d -> d.getString("_id")).collect(Collectors.toSet());
        boolean contiguous = true;
        for (int i = 0; i < seqs.size(); i++) {
            contiguous &= seqs.get(i) == i + 1;
        }
        check("NDA references: unique, no gap", "1.." + all.size(), seqs.isEmpty() ? "none"
                : seqs.get(0) + ".." + seqs.get(seqs.size() - 1) + ", " + refs.size() + " distinct", contiguous && refs.size() == all.size());
        JsonPath verify = admin("/api/ndas/verify");
        check("NDA evidence chain (GET /api/ndas/verify)", "valid", verify.getBoolean("valid") ? "valid, "
                + verify.getInt("records") + " records" : verify.getString("firstBroken") + ": " + verify.getString("reason"),
                verify.getBoolean("valid"));
        Map<String, Long> perPartner = all.stream().filter(d -> d.getString("partnerId") != null)
                .collect(Collectors.groupingBy(d -> d.getString("partnerId"), Collectors.counting()));
        long sure = 0;
        long unsure = 0;
        long found = 0;
        List<String> off = new ArrayList<>();
        for (ChaosJourney j : withPartner()) {
            long s = ledger.sure(j.n, "nda");
            long u = ledger.unsure(j.n, "nda");
            long f = perPartner.getOrDefault(j.partnerId, 0L);
            sure += s;
            unsure += u;
            found += f;
            if (f < s || f > s + u) {
                off.add(j.name + ": " + f);
            }
        }
        range("NDAs signed by the run's partners", sure, unsure, found);
        check("NDAs per partner", "each within the ledger", off.isEmpty() ? "all" : off, off.isEmpty());
    }

    /** Timeline rows the run's requests must have left, per kind, each exactly once per effect. */
    private void timeline(MongoClient mongo) {
        List<String> ids = withPartner().stream().map(j -> j.partnerId).toList();
        List<Document> rows = mongo.getDatabase("engagement-service").getCollection("timeline")
                .find(Filters.in("partnerId", ids)).into(new ArrayList<>());
        Map<String, Long> bySource = rows.stream().map(r -> r.get("source", Document.class))
                .filter(Objects::nonNull).map(s -> s.getString("eventId")).filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long duplicated = bySource.values().stream().filter(c -> c > 1).count();
        check("timeline rows from the same event", "none twice", duplicated + " twice (of " + bySource.size() + ")",
                duplicated == 0);
        Map<String, Map<String, Long>> kinds = rows.stream().collect(Collectors.groupingBy(r -> r.getString("partnerId"),
                Collectors.groupingBy(r -> r.getString("kind"), Collectors.counting())));
        Map<String, String> stepOfKind = new LinkedHashMap<>();
        stepOfKind.put("access_approved", "approve");
        stepOfKind.put("proposal_invitation_sent", "invitation");
        stepOfKind.put("proposal_viewed", "proposal-view");
        stepOfKind.put("nda_signed", "nda");
        stepOfKind.put("portal_access_granted", "portal-access");
        stepOfKind.put("meeting", "meeting");
        Map<String, long[]> totals = new TreeMap<>();
        List<String> off = new ArrayList<>();
        for (ChaosJourney j : withPartner()) {
            Map<String, Long> mine = kinds.getOrDefault(j.partnerId, Map.of());
            long created = mine.getOrDefault("partner_created", 0L);
            tally(totals, "partner_created", 1, 0, created);
            if (created != 1) {
                off.add(j.name + " partner_created " + created);
            }
            stepOfKind.forEach((kind, step) -> {
                long s = ledger.sure(j.n, step);
                long u = ledger.unsure(j.n, step);
                long f = mine.getOrDefault(kind, 0L);
                tally(totals, kind, s, u, f);
                if (f < s || f > s + u) {
                    off.add(j.name + " " + kind + " " + f);
                }
            });
        }
        totals.forEach((kind, t) -> range("timeline rows: " + kind, t[0], t[1], t[2]));
        check("timeline rows per partner and kind", "each within the ledger", off.isEmpty() ? "all" : off, off.isEmpty());
    }

    private static void tally(Map<String, long[]> totals, String kind, long sure, long unsure, long found) {
        long[] t = totals.computeIfAbsent(kind, k -> new long[3]);
        t[0] += sure;
        t[1] += unsure;
        t[2] += found;
    }

    /**
     * E-mails in GreenMail per recipient and template (from the delivery header), against the
     * requests that cause them. The admins' mailbox is shared: a mail counts for the partner whose
     * name it carries. A second copy of a message (same Message-ID) is an SMTP redelivery.
     */
    private void mails() {
        record Expect(String template, Function<ChaosJourney, String> to, Function<ChaosJourney, long[]> bounds) {
        }
        List<Expect> expected = List.of(
                new Expect("access_requested_admin_alert", j -> "admin", j -> bounds(j, "register")),
                new Expect("partner_access_approved", j -> j.requester, j -> bounds(j, "approve")),
                new Expect("proposal_invitation", j -> j.contact, j -> bounds(j, "invitation")),
                new Expect("proposal_first_view_alert", j -> "admin", this::firstView),
                new Expect("nda_signed_admin_alert", j -> "admin", j -> bounds(j, "nda")),
                new Expect("nda_signed_signer_record", j -> j.contact, j -> bounds(j, "nda")),
                new Expect("portal_access", j -> j.contact, j -> bounds(j, "portal-access")),
                new Expect("meeting_agenda", j -> j.contact, j -> bounds(j, "meeting")));
        List<Mailbox.Mail> adminMails = Mailbox.of("admin@partnerportal.test").stream()
                .filter(m -> m.text().contains("Chaos " + tag + " ") || m.html().contains("Chaos " + tag + " ")).toList();
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, Long> unexpected = new TreeMap<>();
        long redelivered = 0;
        List<String> off = new ArrayList<>();
        for (ChaosJourney j : journeys) {
            Map<String, List<Mailbox.Mail>> boxes = new HashMap<>();
            boxes.put("admin", adminMails.stream().filter(m -> (m.text() + m.html()).contains(j.name)).toList());
            boxes.put(j.requester, Mailbox.of(j.requester));
            boxes.put(j.contact, Mailbox.of(j.contact));
            Map<String, Map<String, Long>> distinct = new HashMap<>();
            for (var box : boxes.entrySet()) {
                List<Mailbox.Mail> mails = box.getValue().stream().filter(m -> m.deliveryId() != null).toList();
                redelivered += mails.size() - mails.stream().map(Mailbox.Mail::messageId).distinct().count();
                distinct.put(box.getKey(), mails.stream().collect(Collectors.groupingBy(Mailbox.Mail::template,
                        Collectors.mapping(Mailbox.Mail::messageId, Collectors.collectingAndThen(Collectors.toSet(),
                                s -> (long) s.size())))));
            }
            Set<String> known = new java.util.HashSet<>();
            for (Expect e : expected) {
                String box = e.to().apply(j);
                known.add(box + "/" + e.template());
                long[] b = e.bounds().apply(j);
                long s = b[0];
                long u = b[1];
                long f = distinct.get(box).getOrDefault(e.template(), 0L);
                tally(totals, e.template(), s, u, f);
                if (f < s || f > s + u) {
                    off.add(j.name + " " + e.template() + " " + f);
                }
            }
            distinct.forEach((box, byTemplate) -> byTemplate.forEach((template, count) -> {
                if (!known.contains(box + "/" + template)) {
                    unexpected.merge((box.equals("admin") ? "admin" : box.startsWith("req-") ? "requester" : "contact")
                            + "/" + template, count, Long::sum);
                }
            }));
        }
        totals.forEach((template, t) -> range("e-mails: " + template, t[0], t[1], t[2]));
        check("e-mails per partner, recipient and template", "each within the ledger", off.isEmpty() ? "all" : off,
                off.isEmpty());
        check("e-mails of other templates", "none", unexpected.isEmpty() ? "none" : unexpected, unexpected.isEmpty());
        // a second copy is sent only by a notification-service killed between the SMTP server's accept and
        // the row's update (its lease then expires): at most one per kill, since it sends one row at a time
        long allowed = kills("notification-service");
        check("SMTP redeliveries (same Message-ID twice)", "at most " + allowed + " (notification-service kills)",
                redelivered, redelivered <= allowed);
    }

    private long[] bounds(ChaosJourney j, String step) {
        return new long[] { ledger.sure(j.n, step), ledger.unsure(j.n, step) };
    }

    /** The admins hear of the first view only: one alert if a view surely arrived, at most one if one may have. */
    private long[] firstView(ChaosJourney j) {
        boolean sure = ledger.sure(j.n, "proposal-view") > 0;
        return new long[] { sure ? 1 : 0, !sure && ledger.unsure(j.n, "proposal-view") > 0 ? 1 : 0 };
    }

    private static Map<String, Long> totalLag() {
        Map<String, Long> lag = new TreeMap<>();
        Set<String> groups = PoisonPills.CONSUMERS.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        for (String group : groups) {
            List<String> topics = PoisonPills.CONSUMERS.entrySet().stream().filter(e -> e.getValue().contains(group))
                    .map(Map.Entry::getKey).toList();
            KafkaState.lag(group, topics).forEach((topic, l) -> lag.put(group + " ← " + topic, l));
        }
        return lag;
    }

    private void consumers() {
        Map<String, Long> lag = totalLag();
        Map<String, Long> behind = lag.entrySet().stream().filter(e -> e.getValue() != 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        check("every produced event consumed (lag, " + lag.size() + " subscriptions)", 0,
                behind.isEmpty() ? "0 everywhere" : behind, behind.isEmpty());
    }

    /** Events still in an outbox array, in every collection of every service's database. */
    static long outboxBacklog() {
        return countEverywhere(Filters.exists("outbox.0"));
    }

    /** Documents matching {@code filter}, in every collection of every service's database. */
    private static long countEverywhere(Bson filter) {
        try (MongoClient mongo = MongoClients.create("mongodb://localhost:" + Stack.MONGO)) {
            long n = 0;
            for (String name : DATABASES) {
                MongoDatabase db = mongo.getDatabase(name);
                for (String c : db.listCollectionNames()) {
                    n += db.getCollection(c).countDocuments(filter);
                }
            }
            return n;
        }
    }

    /** The run's deliveries that notification-service has not sent (pending, sending, or failed for good). */
    long unsentDeliveries() {
        try (MongoClient mongo = MongoClients.create("mongodb://localhost:" + Stack.MONGO)) {
            return mongo.getDatabase("notification-service").getCollection("deliveries").countDocuments(Filters.and(
                    Filters.ne("status", "sent"), Filters.or(Filters.regex("recipient", "-" + tag + "-[0-9]+@chaos\\.example$"),
                            Filters.in("partnerId", withPartner().stream().map(j -> j.partnerId).toList()))));
        }
    }

    private void backlog() {
        long outbox = outboxBacklog();
        check("outbox backlog (documents with pending events)", 0, outbox, outbox == 0);
        // the relay clears the flag in the update that removes a document's last event
        long flagged = countEverywhere(Filters.eq("outboxPending", true));
        check("documents still flagged outboxPending", 0, flagged, flagged == 0);
        long unsent = unsentDeliveries();
        check("deliveries not sent", 0, unsent, unsent == 0);
    }

    private void deadLetters() {
        Collection<String> topics = PoisonPills.deadLetterTopics();
        List<KafkaState.DeadLetter> records = KafkaState.recordsSince(deadLetterMark, topics);
        List<String> missing = new ArrayList<>();
        List<String> again = new ArrayList<>();
        List<String> tooOften = new ArrayList<>();
        PoisonPills.CONSUMERS.forEach((topic, services) -> services.forEach(s -> {
            String dlq = PoisonPills.deadLetterTopic(topic, s);
            long n = records.stream().filter(r -> r.topic().equals(dlq) && PoisonPills.key(tag, topic).equals(r.key())).count();
            // dead-lettering is at-least-once: a consumer that dies (or loses the broker) between writing to
            // the dead-letter topic and committing its offset reads the record again and dead-letters it
            // again — once per such crash at most: its service's kills and the broker's restarts
            long crashes = kills(s) + kills("kafka");
            if (n == 0) {
                missing.add(dlq);
            } else if (n > 1) {
                again.add(dlq + " ×" + n);
            }
            if (n > 1 + crashes) {
                tooOften.add(dlq + " ×" + n + " after " + crashes + " crash(es)");
            }
        }));
        check("poison message dead-lettered by every consumer", "in all " + topics.size() + " topics",
                missing.isEmpty() ? "all" : "missing in " + missing, missing.isEmpty());
        check("poison dead-lettered again (once per crash at most)", "≤ 1 + its service's kills + Kafka restarts",
                tooOften.isEmpty() ? again.isEmpty() ? "never again" : "within: " + again : tooOften, tooOften.isEmpty());
        List<String> other = records.stream().filter(r -> r.key() == null || !r.key().startsWith("chaos-poison-" + tag))
                .map(r -> r.topic() + " " + r.type() + ": " + r.reason()).toList();
        check("other records in dead-letter topics", "none", other.isEmpty() ? "none" : other, other.isEmpty());
    }

    private static JsonPath admin(String path) {
        return gateway().auth().oauth2(Keycloak.token("admin")).get(path).then().statusCode(200).extract().jsonPath();
    }
}

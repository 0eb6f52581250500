package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.partnerportal.nda.repository.NdaRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(NdaTestResource.class)
class NdaSignatureTest {

    @Inject
    NdaRepository records;

    /** The records as stored, field by field, as someone with access to the database sees them. */
    private ReactiveMongoCollection<Document> stored() {
        return records.mongoCollection().withDocumentClass(Document.class);
    }

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private long ndaCount(String partnerId) {
        return stored().countDocuments(Filters.eq("partnerId", partnerId)).await().indefinitely();
    }

    @Test
    void aTextMismatchIsAConflictAndWritesNothing() throws Exception {
        String id = Fixtures.partner("Mismatch LLC");
        String holder = Fixtures.holder(id);
        JsonPath en = Fixtures.template("en");
        given().auth().oauth2(holder).contentType("application/json")
                .body(Fixtures.ndaBody("A B", "a@b.test", en.getString("version"), Fixtures.sha256("an older text")))
                .post("/api/proposals/" + id + "/nda").then().statusCode(409).contentType("application/problem+json")
                .body("currentVersion", equalTo(en.getString("version")));
        given().auth().oauth2(holder).contentType("application/json")
                .body(Fixtures.ndaBody("A B", "a@b.test", "2024-01-v0", en.getString("sha256")))
                .post("/api/proposals/" + id + "/nda").then().statusCode(409);
        given().auth().oauth2(holder).contentType("application/json")
                .body(Fixtures.ndaBody("", "not-an-email", en.getString("version"), "xyz"))
                .post("/api/proposals/" + id + "/nda").then().statusCode(400)
                .body("errors.field", hasItem("contactEmail")).body("errors.field", hasItem("textSha256"));
        assertEquals(0, ndaCount(id));
        assertTrue(KafkaEvents.all("nda-events").stream().noneMatch(r -> id.equals(r.key()) && r.type().contains("NdaSigned")));
    }

    @Test
    void aSignatureKeepsItsEvidenceAndProducesTheWholeOutcome() throws Exception {
        String id = Fixtures.partner("Mocipi");
        String holder = Fixtures.holder(id);
        JsonPath ar = Fixtures.template("ar");
        TestClock.fix(Instant.parse("2025-06-01T20:30:00Z"));
        JsonPath receipt = given().auth().oauth2(holder).contentType("application/json")
                .header("X-Real-IP", "203.0.113.7").header("User-Agent", "Mozilla/5.0 (Test)")
                .body(Fixtures.ndaBody("Aisha Al-Balushi", "aisha@mocipi.test", ar.getString("version"), ar.getString("sha256")))
                .post("/api/proposals/" + id + "/nda").then().statusCode(201)
                .header("Location", matchesPattern(".*/api/ndas/NDA-\\d{5}"))
                .body("reference", matchesPattern("NDA-\\d{5}"))
                .body("signedAt", equalTo("2025-06-01T20:30:00Z"))
                .body("signedAtLocal", equalTo("2025-06-02T00:30:00+04:00"))
                .body("expiresAt", equalTo("2028-06-01T20:30:00Z"))
                .extract().jsonPath();
        String ref = receipt.getString("reference");

        JsonPath rec = given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/ndas").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(ref, rec.getString("items[0].reference"));
        assertEquals("203.0.113.7", rec.getString("items[0].ip"));
        assertEquals("Mozilla/5.0 (Test)", rec.getString("items[0].userAgent"));
        assertEquals("Aisha Al-Balushi", rec.getString("items[0].signature"));
        assertEquals("Head of Partnerships", rec.getString("items[0].contactTitle"));
        assertEquals("Asia/Muscat", rec.getString("items[0].timeZone"));
        assertEquals("ar", rec.getString("items[0].lang"));
        assertEquals(ar.getString("sha256"), rec.getString("items[0].textSha256"));
        assertEquals(ar.getString("version"), rec.getString("items[0].templateVersion"));
        assertTrue(rec.getString("items[0].consent").contains("Royal Decree 39/2025"));
        assertEquals(64, rec.getString("items[0].prevHash").length());
        assertEquals(64, rec.getString("items[0].hash").length());
        given().auth().oauth2(holder).get("/api/partners/" + id + "/ndas").then().statusCode(403);

        // one outcome: NdaSigned (stage + timeline downstream), the vault document, two e-mails
        KafkaEvents.Recorded signed = Fixtures.events("nda-events", id, "NdaSigned", 1).get(0);
        JsonPath s = new JsonPath(signed.data());
        assertEquals(ref, s.getString("reference"));
        assertEquals("Mocipi", s.getString("partnerName"));
        assertEquals("aisha@mocipi.test", s.getString("signerEmail"));
        assertEquals("2025-06-02T00:30:00+04:00", s.getString("signedAtLocal"));
        assertEquals("2028-06-01T20:30:00Z", s.getString("expiresAt"));
        assertTrue(!signed.data().contains("203.0.113.7"), "no IP in the public event");
        KafkaEvents.Recorded added = Fixtures.events("nda-events", id, "DocumentAdded", 1).get(0);
        assertEquals("nda-" + ref, new JsonPath(added.data()).getString("documentId"));
        List<KafkaEvents.Recorded> mails = Fixtures.events("notification-requests", id, "NotificationRequested", 2);
        JsonPath alert = mails.stream().map(m -> new JsonPath(m.data())).filter(j -> "nda_signed_admin_alert".equals(j.getString("template")))
                .findFirst().orElseThrow();
        assertEquals(List.of("admin@partnerportal.test"), alert.getList("recipients.email"));
        assertEquals(ref, alert.getString("variables.reference"));
        JsonPath record = mails.stream().map(m -> new JsonPath(m.data())).filter(j -> "nda_signed_record".equals(j.getString("template")))
                .findFirst().orElseThrow();
        assertEquals(List.of("aisha@mocipi.test"), record.getList("recipients.email"));
        assertEquals("ar", record.getString("lang"));
        assertEquals("application/pdf", record.getString("attachments[0].contentType"));
        byte[] pdf = Base64.getDecoder().decode(record.getString("attachments[0].base64"));
        assertTrue(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1).startsWith("%PDF-"));
        assertTrue(CertificateTest.text(pdf).contains(ref));

        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents").then().statusCode(200)
                .body("items.find { it.id == 'nda-" + ref + "' }.title", equalTo("NDA — Signed (" + ref + ")"));
        byte[] certificate = given().auth().oauth2(Tokens.admin()).get("/api/ndas/" + ref + "/certificate").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        assertEquals(Base64.getEncoder().encodeToString(pdf), Base64.getEncoder().encodeToString(certificate),
                "the attached certificate is the downloadable one");

        // the signer gets the same certificate through the proposal link; another partner's link does not
        byte[] own = given().auth().oauth2(holder).get("/api/proposals/" + id + "/ndas/" + ref + "/certificate")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertEquals(Base64.getEncoder().encodeToString(pdf), Base64.getEncoder().encodeToString(own));
        String other = Fixtures.partner("Other Co");
        given().auth().oauth2(Fixtures.holder(other)).get("/api/proposals/" + other + "/ndas/" + ref + "/certificate")
                .then().statusCode(404);
        given().auth().oauth2(holder).get("/api/proposals/" + other + "/ndas/" + ref + "/certificate").then().statusCode(401);
    }

    @Test
    void twentyConcurrentSignaturesGetDistinctGaplessReferencesAndTheChainHolds() throws Exception {
        String id = Fixtures.partner("Concurrent Co");
        String holder = Fixtures.holder(id);
        JsonPath en = Fixtures.template("en");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = Fixtures.ndaBody("Signer " + i, "s" + i + "@c.test", en.getString("version"), en.getString("sha256"));
            calls.add(() -> given().auth().oauth2(holder).contentType("application/json").body(body)
                    .post("/api/proposals/" + id + "/nda").then().statusCode(201).extract().path("reference"));
        }
        TreeSet<Integer> numbers = new TreeSet<>();
        try {
            for (Future<String> f : pool.invokeAll(calls)) {
                numbers.add(Integer.parseInt(f.get().substring(4)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, numbers.size(), "no duplicate");
        assertEquals(19, numbers.last() - numbers.first(), "no gap: " + numbers);

        JsonPath v = given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().statusCode(200).extract().jsonPath();
        assertTrue(v.getBoolean("valid"), v.prettify());
        assertNull(v.get("firstBroken"));
        assertTrue(v.getInt("records") >= 20);
    }

    @Test
    void verificationFindsTheFirstEditedRecord() {
        String id = Fixtures.partner("Chain Check");
        String holder = Fixtures.holder(id);
        JsonPath en = Fixtures.template("en");
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            refs.add(given().auth().oauth2(holder).contentType("application/json")
                    .body(Fixtures.ndaBody("Chain " + i, "c" + i + "@c.test", en.getString("version"), en.getString("sha256")))
                    .post("/api/proposals/" + id + "/nda").then().statusCode(201).extract().path("reference"));
        }
        given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().statusCode(200).body("valid", equalTo(true));
        var ndas = stored();
        Document original = ndas.find(Filters.eq("_id", refs.get(1))).collect().first().await().indefinitely();
        try {
            ndas.updateOne(Filters.eq("_id", refs.get(1)), Updates.set("ip", "198.51.100.1")).await().indefinitely();
            given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().statusCode(200)
                    .body("valid", equalTo(false)).body("firstBroken", equalTo(refs.get(1)));
        } finally {
            ndas.updateOne(Filters.eq("_id", refs.get(1)), Updates.set("ip", original.getString("ip"))).await().indefinitely();
        }
        given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().statusCode(200).body("valid", equalTo(true));
        given().auth().oauth2(Tokens.partner(id)).get("/api/ndas/verify").then().statusCode(403);
        assertNotNull(original);
    }

    @Test
    void aRecordRewrittenWithAConsistentHashStillFailsOnTheIssuersSeal() {
        String id = Fixtures.partner("Seal Check");
        JsonPath en = Fixtures.template("en");
        String ref = given().auth().oauth2(Fixtures.holder(id)).contentType("application/json")
                .body(Fixtures.ndaBody("Sealed Signer", "sealed@c.test", en.getString("version"), en.getString("sha256")))
                .post("/api/proposals/" + id + "/nda").then().statusCode(201).extract().path("reference");
        given().auth().oauth2(Tokens.admin()).get("/api/ndas/" + ref).then().statusCode(200)
                .body("seal", org.hamcrest.Matchers.notNullValue()).body("sealKeyId", org.hamcrest.Matchers.startsWith("seal-"));
        var ndas = stored();
        Document original = ndas.find(Filters.eq("_id", ref)).collect().first().await().indefinitely();
        try {
            // someone with write access to the database edits the newest record and recomputes its hash:
            // the chain holds (nothing links to it yet), the issuer's seal does not
            ndas.updateOne(Filters.eq("_id", ref), Updates.set("ip", "198.51.100.66")).await().indefinitely();
            String forged = records.findById(ref).await().indefinitely().evidence().hash();
            ndas.updateOne(Filters.eq("_id", ref), Updates.set("hash", forged)).await().indefinitely();
            given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().statusCode(200)
                    .body("valid", equalTo(false)).body("firstBroken", equalTo(ref))
                    .body("reason", org.hamcrest.Matchers.containsString("seal"));
        } finally {
            ndas.replaceOne(Filters.eq("_id", ref), original).await().indefinitely();
        }
        given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().statusCode(200).body("valid", equalTo(true));
    }
}

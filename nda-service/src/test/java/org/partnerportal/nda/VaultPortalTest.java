package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.common.links.PortalToken;
import org.partnerportal.nda.repository.PartnerRefRepository;
import org.partnerportal.nda.service.DemoResetService;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(NdaTestResource.class)
class VaultPortalTest {

    @Inject
    DemoResetService demoReset;

    @Inject
    PartnerRefRepository partners;

    private static final byte[] DECK = "%PDF-1.4 the partner deck".getBytes(StandardCharsets.UTF_8);

    private static String upload(String id, boolean requiresNda) {
        return given().auth().oauth2(Tokens.admin()).multiPart("file", "deck.pdf", DECK, "application/pdf")
                .multiPart("title", "Partner deck").multiPart("requiresNda", String.valueOf(requiresNda))
                .post("/api/partners/" + id + "/documents").then().statusCode(201)
                .body("sha256", equalTo(sha(DECK))).body("size", equalTo(DECK.length)).body("requiresNda", equalTo(requiresNda))
                .extract().path("id");
    }

    private static String sha(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sign(String id) throws Exception {
        JsonPath en = Fixtures.template("en");
        given().auth().oauth2(Fixtures.holder(id)).contentType("application/json")
                .body(Fixtures.ndaBody("Vault Signer", "v@v.test", en.getString("version"), en.getString("sha256")))
                .post("/api/proposals/" + id + "/nda").then().statusCode(201);
    }

    @Test
    void aGatedDocumentOpensAfterTheNdaAndEveryDownloadIsAudited() throws Exception {
        String id = Fixtures.partner("Vault Co");
        String gated = upload(id, true);
        String open = upload(id, false);
        String portal = Fixtures.portalJwt(id, 1);

        given().auth().oauth2(portal).get("/api/portal/x/documents/" + gated).then().statusCode(403)
                .contentType("application/problem+json");
        byte[] got = given().auth().oauth2(portal).header("X-Real-IP", "192.0.2.10").header("User-Agent", "UA-1")
                .get("/api/portal/x/documents/" + open).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(DECK, got);

        sign(id);
        got = given().auth().oauth2(portal).header("X-Real-IP", "192.0.2.11").header("User-Agent", "UA-2")
                .get("/api/portal/x/documents/" + gated).then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        assertArrayEquals(DECK, got);

        JsonPath audit = given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/downloads").then().statusCode(200)
                .body("items", hasSize(2)).extract().jsonPath();
        assertEquals(gated, audit.getString("items[0].documentId"));
        assertEquals("192.0.2.11", audit.getString("items[0].ip"));
        assertEquals("UA-2", audit.getString("items[0].userAgent"));
        assertEquals("portal:" + id, audit.getString("items[0].downloadedBy"));
        assertEquals(sha(DECK), audit.getString("items[0].documentSha256"));
        assertTrue(audit.getString("items[0].ndaReference").startsWith("NDA-"));
        assertEquals("nda", audit.getString("items[0].allowedBy"));
        assertEquals("not-gated", audit.getString("items[1].allowedBy"));
        List<KafkaEvents.Recorded> dl = Fixtures.events("nda-events", id, "DocumentDownloaded", 2);
        assertTrue(dl.stream().anyMatch(r -> r.data().contains(audit.getString("items[0].ndaReference"))));
        assertFalse(dl.stream().anyMatch(r -> r.data().contains("192.0.2.11")));
        // another partner's portal does not see it
        given().auth().oauth2(Fixtures.portalJwt(Fixtures.partner("Other Co"), 1)).get("/api/portal/x/documents/" + gated)
                .then().statusCode(404);
    }

    @Test
    void aLinkIsGatedByDefaultAndItsAddressOnlyComesThroughTheAuditedGate() throws Exception {
        String id = Fixtures.partner("Link Gate Co");
        String link = given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"title\":\"Pricing sheet\",\"url\":\"https://docs.example.org/secret-pricing\"}")
                .post("/api/partners/" + id + "/documents").then().statusCode(201).body("kind", equalTo("link"))
                .body("requiresNda", equalTo(true)).extract().path("id");
        String portal = Fixtures.portalJwt(id, 1);

        // the portal listing never carries a link's address: not before the NDA, not after
        String listing = given().auth().oauth2(portal).get("/api/portal/x").then().statusCode(200)
                .body("documents.find { it.id == '" + link + "' }.requiresNda", equalTo(true)).extract().asString();
        assertFalse(listing.contains("secret-pricing"), listing);
        given().auth().oauth2(portal).get("/api/portal/x/documents/" + link).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(portal).redirects().follow(false).get("/api/portal/x/documents/" + link + "?redirect=true")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/downloads").then().body("items", hasSize(0));

        sign(id);
        assertFalse(given().auth().oauth2(portal).get("/api/portal/x").then().statusCode(200).extract().asString()
                .contains("secret-pricing"));
        given().auth().oauth2(portal).header("X-Real-IP", "192.0.2.20").get("/api/portal/x/documents/" + link).then()
                .statusCode(200).body("url", equalTo("https://docs.example.org/secret-pricing"));
        given().auth().oauth2(portal).redirects().follow(false).get("/api/portal/x/documents/" + link + "?redirect=true")
                .then().statusCode(303).header("Location", equalTo("https://docs.example.org/secret-pricing"))
                .header("Referrer-Policy", equalTo("no-referrer"));
        JsonPath audit = given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/downloads").then().statusCode(200)
                .body("items", hasSize(2)).extract().jsonPath();
        assertEquals(link, audit.getString("items[0].documentId"));
        assertEquals("nda", audit.getString("items[0].allowedBy"));
        assertEquals("nda", audit.getString("items[1].allowedBy"));
        Fixtures.events("nda-events", r -> id.equals(r.key()) && r.type().contains("DocumentDownloaded") && r.data().contains(link), 2);
        // the staff's own listing still shows the address
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents").then()
                .body("items.find { it.id == '" + link + "' }.url", equalTo("https://docs.example.org/secret-pricing"));
    }

    @Test
    void anActivePartnerGetsGatedDocumentsWithoutAnNda() {
        String id = Fixtures.partner("Active Co");
        String gated = upload(id, true);
        String portal = Fixtures.portalJwt(id, 1);
        given().auth().oauth2(portal).get("/api/portal/x/documents/" + gated).then().statusCode(403);
        Fixtures.stage(id, "active");
        await().atMost(Fixtures.WITHIN).until(() -> given().auth().oauth2(portal)
                .get("/api/portal/x/documents/" + gated).statusCode() == 200);
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/downloads").then()
                .body("items[0].allowedBy", equalTo("active"));
    }

    @Test
    void uploadsAreCheckedForSizeTypeAndRole() {
        String id = Fixtures.partner("Upload Co");
        given().auth().oauth2(Tokens.admin()).multiPart("file", "big.pdf", new byte[300_001], "application/pdf")
                .multiPart("title", "Too big").post("/api/partners/" + id + "/documents").then().statusCode(413)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).multiPart("file", "x.exe", new byte[10], "application/x-msdownload")
                .multiPart("title", "Program").post("/api/partners/" + id + "/documents").then().statusCode(415);
        given().auth().oauth2(Tokens.partner(id)).multiPart("file", "d.pdf", DECK, "application/pdf")
                .post("/api/partners/" + id + "/documents").then().statusCode(403);
        String link = given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"title\":\"Case study\",\"url\":\"https://example.org/case\",\"requiresNda\":false}")
                .post("/api/partners/" + id + "/documents").then().statusCode(201).body("kind", equalTo("link")).extract().path("id");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"title\":\"Bad\",\"url\":\"ftp://x\"}")
                .post("/api/partners/" + id + "/documents").then().statusCode(400);
        given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/portal/x/documents/" + link).then().statusCode(200)
                .body("url", equalTo("https://example.org/case"));
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents").then().statusCode(200)
                .body("items", hasSize(1));
    }

    @Test
    void staffGetTheFileAsUploadedWithoutItCountingAsThePartnersDownload() {
        String id = Fixtures.partner("Staff Download Co");
        String doc = upload(id, true);
        byte[] file = given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents/" + doc + "/content")
                .then().statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", "attachment; filename=\"deck.pdf\"").header("X-Content-Type-Options", "nosniff")
                .extract().asByteArray();
        assertArrayEquals(DECK, file, "gated or not, staff get the bytes as uploaded");
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/downloads").then().statusCode(200)
                .body("items", hasSize(0));

        String link = given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"title\":\"Case study\",\"url\":\"https://example.org/case\",\"requiresNda\":false}")
                .post("/api/partners/" + id + "/documents").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents/" + link + "/content").then()
                .statusCode(404).contentType("application/problem+json");
        String other = Fixtures.partner("Someone Else Co");
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + other + "/documents/" + doc + "/content").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.partner(id)).get("/api/partners/" + id + "/documents/" + doc + "/content").then()
                .statusCode(403);
    }

    /** Found by the system fuzzer: a body sent as multipart that is not one was a 500. */
    @Test
    void aBodyThatIsNotMultipartIsABadRequest() {
        String id = Fixtures.partner("Broken Upload Co");
        for (String body : List.of("garbage", "{\"title\":\"x\"}", "--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx")) {
            given().auth().oauth2(Tokens.admin()).contentType("multipart/form-data; boundary=x")
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .post("/api/partners/" + id + "/documents").then().statusCode(400)
                    .contentType("application/problem+json").body("type", endsWith("/malformed-body"));
        }
    }

    @Test
    void portalLinksExpireAndARotationRevokesThemAndIsPublished() throws Exception {
        String id = Fixtures.partner("Portal Co");
        byte[] key = Fixtures.portalKey();
        Instant now = Instant.now();
        Instant exp = now.plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String t1 = PortalToken.issue(key, id, 1, exp);
        assertEquals(t1, PortalToken.issue(key, id, 1, exp), "the same link for the same version and expiry");
        assertEquals(id, PortalToken.verify(key, t1, now).orElseThrow().partnerId());
        assertTrue(PortalToken.verify(key, t1, exp).isEmpty(), "expired at its expiry");
        assertTrue(PortalToken.verify(key, t1.substring(0, t1.length() - 2) + "AA", now).isEmpty());

        JsonPath grant = given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{}")
                .post("/api/partners/" + id + "/portal-access").then().statusCode(202).body("keyVersion", equalTo(1))
                .extract().jsonPath();
        String url = grant.getString("url");
        String sent = url.substring(url.lastIndexOf('/') + 1);
        PortalToken.Parsed parsed = PortalToken.verify(key, sent, Instant.now()).orElseThrow();
        assertEquals(1, parsed.keyVersion());
        assertEquals(Instant.parse(grant.getString("expiresAt")), parsed.expiresAt());
        long days = java.time.Duration.between(Instant.now(), parsed.expiresAt()).toDays();
        assertTrue(days >= 89 && days <= 90, "valid for pp.nda.portal.link-validity (90 days): " + days);
        KafkaEvents.Recorded mail = Fixtures.events("notification-requests",
                r -> id.equals(r.key()) && r.data().contains("\"portal_access\""), 1).get(0);
        assertTrue(mail.data().contains(sent));
        assertTrue(mail.data().contains(parsed.expiresAt().toString()), "the mail says until when: " + mail.data());
        KafkaEvents.Recorded granted = Fixtures.events("nda-events", id, "PortalAccessGranted", 1).get(0);
        assertFalse(granted.data().contains(sent.substring(sent.lastIndexOf('.') + 1)), "no token in the public event");

        KafkaEvents.publish(EngagementEvents.ACTION_ITEM_CREATED, id, "{\"actionId\":\"a-" + id
                + "\",\"partnerId\":\"" + id + "\",\"title\":\"Send the logo\",\"assignee\":\"partner\",\"dueDate\":\"2025-07-01\",\"status\":\"open\"}");
        await().atMost(Fixtures.WITHIN).until(() -> given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/portal/" + sent)
                .then().extract().jsonPath().getList("actionItems").size() == 1);
        given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/portal/" + sent).then().statusCode(200)
                .body("partner.name", equalTo("Portal Co")).body("actionItems[0].title", equalTo("Send the logo"))
                .body("timelineUrl", equalTo("/api/portal/" + sent + "/timeline"));

        given().auth().oauth2(Tokens.admin()).post("/api/partners/" + id + "/portal-access/rotate").then().statusCode(200)
                .body("keyVersion", equalTo(2));
        given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/portal/" + sent).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(Fixtures.portalJwt(id, 2)).get("/api/portal/x").then().statusCode(200);
        given().auth().oauth2(Fixtures.holder(id)).get("/api/portal/" + sent).then().statusCode(403);

        // the rotation is published (for engagement-service's portal paths), without any secret
        KafkaEvents.Recorded rotated = Fixtures.events("nda-events", id, "PortalKeyRotated", 1).get(0);
        JsonPath r = new JsonPath(rotated.data());
        assertEquals(2, r.getInt("keyVersion"));
        assertEquals(id, r.getString("partnerId"));
        assertEquals("admin-id", r.getString("rotatedBy"));
        assertFalse(rotated.data().contains(sent.substring(sent.lastIndexOf('.') + 1)));
        // re-sending access with rotate bumps and publishes again
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"rotate\":true}")
                .post("/api/partners/" + id + "/portal-access").then().statusCode(202).body("keyVersion", equalTo(3));
        assertTrue(Fixtures.events("nda-events", id, "PortalKeyRotated", 2).stream()
                .anyMatch(e -> new JsonPath(e.data()).getInt("keyVersion") == 3));
    }

    @Test
    void onlyAPartnerCreatedAsDemoCanBeResetAndTheResetReachesTheOtherServices() throws Exception {
        // a name proves nothing: "Demo Partner" without the flag is a real partner
        String named = Fixtures.partner("Demo Partner");
        given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + named + "/reset").then().statusCode(422)
                .contentType("application/problem+json");
        String real = Fixtures.partner("Real Partner");
        given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + real + "/reset").then().statusCode(422);

        String demo = Fixtures.demoPartner("Seeded Demo");
        // a later event cannot take the flag away (nor give it: see the named partner above)
        KafkaEvents.publish(PartnerEvents.PARTNER_UPDATED, demo,
                "{\"partnerId\":\"" + demo + "\",\"name\":\"Seeded Demo 2\",\"demo\":false}");
        KafkaEvents.publish(PartnerEvents.PARTNER_UPDATED, named,
                "{\"partnerId\":\"" + named + "\",\"name\":\"Demo Partner 2\",\"demo\":true}");
        await().atMost(Fixtures.WITHIN).until(() -> "Seeded Demo 2".equals(partners.findById(demo).await().indefinitely().name)
                && "Demo Partner 2".equals(partners.findById(named).await().indefinitely().name));
        String holder = Fixtures.holder(demo);
        upload(demo, true);
        sign(demo);
        given().auth().oauth2(Tokens.admin()).post("/api/admin/demo-partners/" + demo + "/reset").then().statusCode(403);
        given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + named + "/reset").then().statusCode(422);
        given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + demo + "/reset").then().statusCode(200)
                .body("documentsDeleted", equalTo(1)).body("portalKeyVersion", equalTo(2));
        given().auth().oauth2(holder).get("/api/proposals/" + demo).then().statusCode(401);
        given().auth().oauth2(Fixtures.portalJwt(demo, 1)).get("/api/portal/x").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + demo + "/documents").then().body("items", hasSize(0));
        given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().body("valid", equalTo(true));

        KafkaEvents.Recorded requested = Fixtures.events("nda-events", demo, "DemoResetRequested", 1).get(0);
        assertEquals(demo, new JsonPath(requested.data()).getString("partnerId"));
        assertEquals("superadmin-id", new JsonPath(requested.data()).getString("requestedBy"));
        assertEquals(2, new JsonPath(Fixtures.events("nda-events", demo, "PortalKeyRotated", 1).get(0).data()).getInt("keyVersion"));
        assertTrue(KafkaEvents.all("nda-events").stream().noneMatch(e -> e.type().contains("DemoResetRequested")
                && (named.equals(e.key()) || real.equals(e.key()))), "nothing asked for the refused ones");
    }

    @Test
    void theDemoResetIsOffWhereConfiguredOff() {
        String demo = Fixtures.demoPartner("Demo In Prod");
        demoReset.enabled(false);
        try {
            given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + demo + "/reset").then().statusCode(404)
                    .contentType("application/problem+json");
        } finally {
            demoReset.enabled(true);
        }
        assertTrue(KafkaEvents.all("nda-events").stream().noneMatch(e -> demo.equals(e.key()) && e.type().contains("DemoReset")));
    }
}

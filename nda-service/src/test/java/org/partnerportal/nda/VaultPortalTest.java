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
import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.common.links.PortalToken;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(NdaTestResource.class)
class VaultPortalTest {

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
    void portalLinksAreDeterministicAndARotationRevokesThem() throws Exception {
        String id = Fixtures.partner("Portal Co");
        byte[] key = Fixtures.portalKey();
        String t1 = PortalToken.issue(key, id, 1);
        assertEquals(t1, PortalToken.issue(key, id, 1));
        assertEquals(id, PortalToken.verify(key, t1).orElseThrow().partnerId());
        assertTrue(PortalToken.verify(key, t1.substring(0, t1.length() - 2) + "AA").isEmpty());
        assertTrue(PortalToken.verify(key, "p1." + id + ".2." + t1.substring(t1.lastIndexOf('.') + 1)).isEmpty());

        JsonPath grant = given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{}")
                .post("/api/partners/" + id + "/portal-access").then().statusCode(202).body("keyVersion", equalTo(1))
                .extract().jsonPath();
        assertEquals("http://localhost:8080/portal/" + t1, grant.getString("url"));
        KafkaEvents.Recorded mail = Fixtures.events("notification-requests",
                r -> id.equals(r.key()) && r.data().contains("\"portal_access\""), 1).get(0);
        assertTrue(mail.data().contains(t1));
        KafkaEvents.Recorded granted = Fixtures.events("nda-events", id, "PortalAccessGranted", 1).get(0);
        assertFalse(granted.data().contains(t1.substring(t1.lastIndexOf('.') + 1)), "no token in the public event");

        KafkaEvents.publish("engagement-events", id, "partnerportal.ActionItemCreated.v1", "{\"actionId\":\"a-" + id
                + "\",\"partnerId\":\"" + id + "\",\"title\":\"Send the logo\",\"assignee\":\"partner\",\"dueDate\":\"2025-07-01\",\"status\":\"open\"}");
        await().atMost(Fixtures.WITHIN).until(() -> given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/portal/" + t1)
                .then().extract().jsonPath().getList("actionItems").size() == 1);
        given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/portal/" + t1).then().statusCode(200)
                .body("partner.name", equalTo("Portal Co")).body("actionItems[0].title", equalTo("Send the logo"))
                .body("timelineUrl", equalTo("/api/portal/" + t1 + "/timeline"));

        given().auth().oauth2(Tokens.admin()).post("/api/partners/" + id + "/portal-access/rotate").then().statusCode(200)
                .body("keyVersion", equalTo(2));
        given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/portal/" + t1).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(Fixtures.portalJwt(id, 2)).get("/api/portal/" + PortalToken.issue(key, id, 2)).then().statusCode(200);
        given().auth().oauth2(Fixtures.holder(id)).get("/api/portal/" + t1).then().statusCode(403);
    }

    @Test
    void onlyADemoPartnerCanBeReset() throws Exception {
        String real = Fixtures.partner("Real Partner");
        given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + real + "/reset").then().statusCode(422)
                .contentType("application/problem+json");
        String demo = Fixtures.partner("Demo Partner");
        String holder = Fixtures.holder(demo);
        upload(demo, true);
        sign(demo);
        given().auth().oauth2(Tokens.admin()).post("/api/admin/demo-partners/" + demo + "/reset").then().statusCode(403);
        given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + demo + "/reset").then().statusCode(200)
                .body("documentsDeleted", equalTo(1));
        given().auth().oauth2(holder).get("/api/proposals/" + demo).then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + demo + "/documents").then().body("items", hasSize(0));
        given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().body("valid", equalTo(true));
    }
}

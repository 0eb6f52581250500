package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.TestInfra;
import org.partnerportal.testsupport.Tokens;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The stored documents keep the field names (and BSON types) the service wrote before its
 * collections became Panache entities: documents written the earlier way, explicit nulls and
 * 32-bit counters included, are read as they were, and what is written now has the same fields.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class StoredFormatTest {

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private MongoDatabase db() {
        return TestInfra.mongoDatabase(database);
    }

    private Document stored(String collection, Object id) {
        return db().getCollection(collection).find(Filters.eq("_id", id)).first();
    }

    private static Date ago(long minutes) {
        return Date.from(Instant.now().minus(minutes, ChronoUnit.MINUTES));
    }

    @Test
    void documentsWrittenTheEarlierWayAreReadAsBefore() {
        String id = Fixtures.partner("Earlier Format Co");
        String jti = UUID.randomUUID().toString();
        // as ProposalRepository wrote it with org.bson.Document: explicit nulls, $inc counters as int32
        db().getCollection("proposals").insertOne(new Document("_id", id)
                .append("sections", new Document("hero", "# Earlier").append("terms", "Earlier terms"))
                .append("sectionsUpdatedAt", ago(60)).append("sectionsUpdatedBy", "admin-id")
                .append("tokens", List.of(new Document("jti", jti).append("issuedAt", ago(60))
                        .append("expiresAt", Date.from(Instant.now().plus(29, ChronoUnit.DAYS))).append("issuedBy", "admin-id")
                        .append("revokedAt", null)))
                .append("legacyCodes", List.of(new Document("hash", "ab".repeat(32)).append("addedAt", ago(60)).append("addedBy", "admin-id")))
                .append("viewCount", 3).append("visitCount", 2).append("recentVisits", List.of("visit-0001", "visit-0002"))
                .append("views", new Document("hero", new Document("count", 2).append("seconds", 40).append("visits", 2)
                        .append("lastAt", ago(10)).append("lastVisitId", "visit-0002"))
                        .append("terms", new Document("count", 1).append("seconds", 5).append("visits", 1).append("lastAt", ago(20))
                                .append("lastVisitId", "visit-0001")))
                .append("firstViewedAt", ago(30)).append("lastViewedAt", ago(10)).append("lastVisitAt", ago(10))
                .append("portalKeyRotations", 2L).append("outbox", List.of()).append("outboxPending", false));
        db().getCollection("downloads").insertOne(new Document("_id", UUID.randomUUID().toString()).append("partnerId", id)
                .append("documentId", "earlier-doc").append("title", "Earlier deck").append("downloadedBy", "portal:" + id)
                .append("auth", "portal").append("credentialId", "v1").append("at", ago(5)).append("ip", null)
                .append("userAgent", "UA-earlier").append("documentSha256", "cd".repeat(32)).append("ndaReference", null)
                .append("allowedBy", "not-gated").append("outbox", List.of()).append("outboxPending", false));
        String action = UUID.randomUUID().toString();
        db().getCollection("actionItems").insertOne(new Document("_id", action).append("partnerId", id).append("title", "Earlier item")
                .append("assignee", "partner").append("dueDate", "2027-01-15").append("status", "open").append("eventTime", ago(5)));

        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/proposal").then().statusCode(200)
                .body("sections.hero", equalTo("# Earlier")).body("sections.terms", equalTo("Earlier terms"));
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/proposal-tokens").then().statusCode(200)
                .body("items[0].jti", equalTo(jti)).body("items[0].revokedAt", nullValue());
        given().auth().oauth2(Fixtures.proposalJwt(id, jti)).get("/api/proposals/" + id).then().statusCode(200)
                .body("sections.hero", equalTo("# Earlier"));
        JsonPath analytics = given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/proposal/analytics").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(2, analytics.getInt("visits"));
        assertEquals(3, analytics.getInt("reports"));
        assertEquals(45, analytics.getInt("seconds"));
        assertEquals(40, analytics.getInt("sections.find { it.section == 'hero' }.seconds"));
        assertEquals(2, analytics.getInt("sections.find { it.section == 'hero' }.visits"));
        given().auth().oauth2(Fixtures.portalJwt(id, 3)).get("/api/portal/x").then().statusCode(200)
                .body("actionItems[0].actionId", equalTo(action)).body("actionItems[0].title", equalTo("Earlier item"));
        given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/portal/x").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/downloads").then().statusCode(200)
                .body("items[0].documentId", equalTo("earlier-doc")).body("items[0].userAgent", equalTo("UA-earlier"));

        // a change to an earlier document keeps its shape
        given().auth().oauth2(Tokens.admin()).delete("/api/partners/" + id + "/proposal-tokens/" + jti).then().statusCode(204);
        Document token = stored("proposals", id).getList("tokens", Document.class).get(0);
        assertInstanceOf(Date.class, token.get("revokedAt"));
        given().auth().oauth2(Fixtures.proposalJwt(id, jti)).get("/api/proposals/" + id).then().statusCode(401);
    }

    @Test
    void whatIsWrittenNowHasTheSameFields() throws Exception {
        String id = Fixtures.partner("Current Format Co");
        Fixtures.content(id);
        String jti = Fixtures.issue(id).getString("jti");
        String holder = Fixtures.proposalJwt(id, jti);
        given().auth().oauth2(holder).contentType("application/json").body("{\"section\":\"hero\",\"seconds\":7,\"visitId\":\"visit-current\"}")
                .post("/api/proposals/" + id + "/views").then().statusCode(202);
        Document proposal = stored("proposals", id);
        assertKeys(proposal, "_id", "sections", "sectionsUpdatedAt", "sectionsUpdatedBy", "tokens", "viewCount", "visitCount",
                "recentVisits", "views", "firstViewedAt", "lastViewedAt", "lastVisitAt", "outbox", "outboxPending");
        assertKeys(proposal.getList("tokens", Document.class).get(0), "jti", "issuedAt", "expiresAt", "issuedBy");
        assertKeys(proposal.get("views", Document.class).get("hero", Document.class), "count", "seconds", "visits", "lastAt",
                "lastVisitId");
        assertInstanceOf(Date.class, proposal.get("firstViewedAt"));

        JsonPath en = Fixtures.template("en");
        String reference = given().auth().oauth2(holder).contentType("application/json").header("X-Real-IP", "192.0.2.40")
                .header("User-Agent", "UA-current")
                .body(Fixtures.ndaBody("Format Signer", "format@signer.test", en.getString("version"), en.getString("sha256")))
                .post("/api/proposals/" + id + "/nda").then().statusCode(201).extract().path("reference");
        Document record = stored("partnerNdaRequests", reference);
        assertKeys(record, "_id", "reference", "seq", "partnerId", "partnerName", "contactName", "contactEmail", "contactTitle",
                "signature", "ip", "userAgent", "signedAt", "signedAtLocal", "timeZone", "expiresAt", "templateVersion", "lang",
                "textSha256", "consent", "authMethod", "credentialId", "issuer", "prevHash", "hash", "seal", "sealKeyId", "outbox",
                "outboxPending");
        assertInstanceOf(Date.class, record.get("signedAt"));
        assertInstanceOf(Long.class, record.get("seq"));

        String file = given().auth().oauth2(Tokens.admin()).multiPart("file", "format.pdf", "%PDF-1.4 format".getBytes(), "application/pdf")
                .multiPart("title", "Format").multiPart("requiresNda", "false").post("/api/partners/" + id + "/documents")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"status\":\"final\"}")
                .patch("/api/partners/" + id + "/documents/" + file).then().statusCode(200);
        Document doc = stored("documents", file);
        assertKeys(doc, "_id", "partnerId", "title", "kind", "requiresNda", "type", "status", "version", "createdBy", "createdAt",
                "updatedBy", "updatedAt", "filename", "contentType", "size", "sha256", "fileId", "history", "outbox", "outboxPending");
        assertKeys(doc.getList("history", Document.class).get(0), "at", "by", "action", "fields");
        assertInstanceOf(ObjectId.class, doc.get("fileId"));
        assertInstanceOf(Date.class, doc.get("createdAt"));

        given().auth().oauth2(Fixtures.portalJwt(id, 1)).header("X-Real-IP", "192.0.2.41").header("User-Agent", "UA-portal")
                .get("/api/portal/x/documents/" + file).then().statusCode(200);
        Document download = db().getCollection("downloads").find(Filters.eq("documentId", file)).first();
        assertKeys(download, "_id", "partnerId", "documentId", "title", "downloadedBy", "auth", "credentialId", "at", "ip",
                "userAgent", "documentSha256", "ndaReference", "allowedBy", "outbox", "outboxPending");
    }

    /** The document has these fields, and none that the earlier layout did not have. */
    private static void assertKeys(Document d, String... keys) {
        Set<String> expected = Set.of(keys);
        assertTrue(d.keySet().containsAll(expected), "missing " + expected.stream().filter(k -> !d.containsKey(k)).toList()
                + " in " + d.keySet());
        assertTrue(expected.containsAll(d.keySet()), "unexpected " + d.keySet().stream().filter(k -> !expected.contains(k)).toList());
    }
}

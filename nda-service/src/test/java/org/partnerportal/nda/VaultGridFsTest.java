package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.partnerportal.nda.repository.VaultFiles;
import org.partnerportal.nda.service.VaultFileMaintenance;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.TestInfra;
import org.partnerportal.testsupport.Tokens;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The vault's bytes live in GridFS (bucket {@code vault}), read back byte-exact a chunk at a time;
 * an upload whose document cannot be written leaves nothing; what an interrupted upload leaves is
 * removed; files of the earlier chunk layout ({@code documentChunks}) are moved into GridFS.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class VaultGridFsTest {

    @Inject
    VaultFileMaintenance maintenance;

    @Inject
    RefusingVault refusing;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private MongoDatabase db() {
        return TestInfra.mongoDatabase(database);
    }

    /** Random bytes: a file of more than one GridFS chunk (the test limit, pp.nda.vault.max-bytes, is 300 000). */
    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static Response upload(String partnerId, String name, byte[] content) {
        return given().auth().oauth2(Tokens.admin()).multiPart("file", name, content, "application/zip")
                .multiPart("title", name).multiPart("requiresNda", "false").post("/api/partners/" + partnerId + "/documents");
    }

    private Document gridFsFile(String documentId) {
        return db().getCollection("vault.files").find(Filters.eq("metadata.documentId", documentId)).first();
    }

    @Test
    void theBytesAreInGridFsAndALargeFileRoundTripsByteExact() throws Exception {
        String id = Fixtures.partner("GridFS Co");
        byte[] content = bytes(300_000, 1);
        String doc = upload(id, "big.zip", content).then().statusCode(201).body("size", equalTo(content.length))
                .body("sha256", equalTo(sha(content))).extract().path("id");

        Document file = gridFsFile(doc);
        assertNotNull(file, "the file is in vault.files");
        assertEquals(300_000L, ((Number) file.get("length")).longValue());
        assertEquals(VaultFiles.CHUNK_BYTES, ((Number) file.get("chunkSize")).intValue());
        assertEquals(id, file.get("metadata", Document.class).getString("partnerId"));
        assertEquals(2, db().getCollection("vault.chunks").countDocuments(Filters.eq("files_id", file.getObjectId("_id"))));
        assertEquals(file.getObjectId("_id"), db().getCollection("documents").find(Filters.eq("_id", doc)).first().getObjectId("fileId"),
                "the document names its GridFS file");
        assertEquals(0, db().getCollection(VaultFileMaintenance.LEGACY_CHUNKS).countDocuments(Filters.eq("documentId", doc)));

        Response portal = given().auth().oauth2(Fixtures.portalJwt(id, 1)).header("X-Real-IP", "192.0.2.30")
                .get("/api/portal/x/documents/" + doc);
        portal.then().statusCode(200).contentType("application/zip").header("Content-Length", String.valueOf(content.length))
                .header("Content-Disposition", "attachment; filename=\"big.zip\"");
        assertArrayEquals(content, portal.asByteArray());
        byte[] staff = given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents/" + doc + "/content")
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(content, staff);
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/downloads").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].documentSha256", equalTo(sha(content)));

        // a removed document is a tombstone whose bytes are kept for the audit
        given().auth().oauth2(Tokens.admin()).delete("/api/partners/" + id + "/documents/" + doc).then().statusCode(204);
        assertNotNull(gridFsFile(doc));
        assertEquals(2, db().getCollection("vault.chunks").countDocuments(Filters.eq("files_id", file.getObjectId("_id"))));
    }

    @Test
    void bytesThatDoNotMatchTheirHashAreNeverServedWhole() throws Exception {
        String id = Fixtures.partner("Tampered Co");
        byte[] content = bytes(300_000, 2);
        String doc = upload(id, "tampered.zip", content).then().statusCode(201).extract().path("id");
        ObjectId fileId = gridFsFile(doc).getObjectId("_id");
        byte[] last = db().getCollection("vault.chunks").find(Filters.and(Filters.eq("files_id", fileId), Filters.eq("n", 1)))
                .first().get("data", Binary.class).getData();
        last[0] ^= 1;
        db().getCollection("vault.chunks").updateOne(Filters.and(Filters.eq("files_id", fileId), Filters.eq("n", 1)),
                new Document("$set", new Document("data", new Binary(last))));

        byte[] got;
        try {
            got = given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents/" + doc + "/content").asByteArray();
        } catch (Exception cutShort) {
            got = new byte[0];
        }
        assertTrue(got.length < content.length, "the transfer stops before the end: " + got.length + " bytes");
    }

    @Test
    void anUploadWhoseDocumentCannotBeWrittenLeavesNothing() {
        String id = Fixtures.partner("Refused Write Co");
        long chunksBefore = db().getCollection("vault.chunks").countDocuments();
        refusing.refuseNextInsert();
        upload(id, "refused.zip", bytes(300_000, 3)).then().statusCode(500).contentType("application/problem+json");

        assertEquals(0, db().getCollection("vault.files").countDocuments(Filters.eq("metadata.partnerId", id)),
                "the uploaded file was deleted again");
        assertEquals(chunksBefore, db().getCollection("vault.chunks").countDocuments(), "and its chunks");
        assertEquals(0, db().getCollection("documents").countDocuments(Filters.eq("partnerId", id)));
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents").then().body("items", hasSize(0));
        assertTrue(KafkaEvents.all("nda-events").stream().noneMatch(e -> id.equals(e.key())), "no event left");

        // the next upload is written as usual
        upload(id, "accepted.zip", bytes(1_000, 4)).then().statusCode(201);
    }

    @Test
    void whatInterruptedUploadsLeftIsRemovedAndNothingElse() {
        String id = Fixtures.partner("Interrupted Co");
        String kept = upload(id, "kept.zip", bytes(300_000, 5)).then().statusCode(201).extract().path("id");
        Instant longAgo = Instant.now().minus(2, ChronoUnit.DAYS);
        // died during the upload: chunks, no files entry
        ObjectId unfinished = new ObjectId(Date.from(longAgo));
        db().getCollection("vault.chunks").insertOne(new Document("files_id", unfinished).append("n", 0)
                .append("data", new Binary(bytes(10, 6))));
        // died between the upload and the document: a files entry no document names
        ObjectId unreferenced = new ObjectId(Date.from(longAgo));
        plantFile(unreferenced, UUID.randomUUID().toString(), longAgo);
        // an upload still running (on another replica): too recent to be touched
        ObjectId running = new ObjectId();
        plantFile(running, UUID.randomUUID().toString(), Instant.now());

        int removed = maintenance.removeOrphans(Instant.now().minus(1, ChronoUnit.HOURS)).await().indefinitely();

        assertTrue(removed >= 2, "removed: " + removed);
        assertEquals(0, db().getCollection("vault.chunks").countDocuments(Filters.eq("files_id", unfinished)));
        assertNull(db().getCollection("vault.files").find(Filters.eq("_id", unreferenced)).first());
        assertEquals(0, db().getCollection("vault.chunks").countDocuments(Filters.eq("files_id", unreferenced)));
        assertNotNull(db().getCollection("vault.files").find(Filters.eq("_id", running)).first());
        assertNotNull(gridFsFile(kept));
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents/" + kept + "/content").then().statusCode(200);
    }

    private void plantFile(ObjectId fileId, String documentId, Instant uploaded) {
        db().getCollection("vault.chunks").insertOne(new Document("files_id", fileId).append("n", 0)
                .append("data", new Binary(bytes(10, 7))));
        db().getCollection("vault.files").insertOne(new Document("_id", fileId).append("length", 10L).append("chunkSize", VaultFiles.CHUNK_BYTES)
                .append("uploadDate", Date.from(uploaded)).append("filename", "planted.bin")
                .append("metadata", new Document("documentId", documentId).append("partnerId", "nobody")));
    }

    @Test
    void filesOfTheEarlierChunkLayoutAreMovedIntoGridFs() throws Exception {
        String id = Fixtures.partner("Legacy Vault Co");
        byte[] content = bytes(300_000, 8);
        String doc = UUID.randomUUID().toString();
        // as the version before GridFS wrote it: the chunks, then the document
        List<Document> chunks = new ArrayList<>();
        for (int n = 0, off = 0; off < content.length; n++, off += VaultFiles.CHUNK_BYTES) {
            byte[] part = java.util.Arrays.copyOfRange(content, off, Math.min(content.length, off + VaultFiles.CHUNK_BYTES));
            chunks.add(new Document("_id", doc + ":" + n).append("documentId", doc).append("n", n).append("data", new Binary(part)));
        }
        db().getCollection(VaultFileMaintenance.LEGACY_CHUNKS).insertMany(chunks);
        // chunks whose document was never written (the old layout's crash window)
        String neverWritten = UUID.randomUUID().toString();
        db().getCollection(VaultFileMaintenance.LEGACY_CHUNKS).insertOne(new Document("_id", neverWritten + ":0")
                .append("documentId", neverWritten).append("n", 0).append("data", new Binary(bytes(5, 9))));
        db().getCollection("documents").insertOne(new Document("_id", doc).append("partnerId", id).append("title", "Old deck")
                .append("kind", "file").append("requiresNda", false).append("type", "general").append("status", "draft")
                .append("eventId", null).append("notes", null).append("version", 0L).append("createdBy", "admin-id")
                .append("createdAt", new Date()).append("filename", "old.zip").append("contentType", "application/zip")
                .append("size", (long) content.length).append("sha256", sha(content))
                .append("outbox", List.of()).append("outboxPending", false));

        assertTrue(maintenance.migrate().await().indefinitely() >= 1);

        Document file = gridFsFile(doc);
        assertNotNull(file, "moved into GridFS");
        assertEquals(file.getObjectId("_id"), db().getCollection("documents").find(Filters.eq("_id", doc)).first().getObjectId("fileId"));
        assertEquals(0, db().getCollection(VaultFileMaintenance.LEGACY_CHUNKS).countDocuments(Filters.in("documentId", doc, neverWritten)));
        byte[] got = given().auth().oauth2(Fixtures.portalJwt(id, 1)).get("/api/portal/x/documents/" + doc).then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(content, got);

        // again: nothing to do, the same file
        assertEquals(0, maintenance.migrate().await().indefinitely());
        assertEquals(1, db().getCollection("vault.files").countDocuments(Filters.eq("metadata.documentId", doc)));
        assertArrayEquals(content, given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/documents/" + doc + "/content")
                .then().statusCode(200).extract().asByteArray());
    }

    @Test
    void theDemoResetDeletesThePartnersFilesTombstonesIncluded() {
        String demo = Fixtures.demoPartner("GridFS Demo");
        String live = upload(demo, "live.zip", bytes(300_000, 10)).then().statusCode(201).extract().path("id");
        String removed = upload(demo, "removed.zip", bytes(1_000, 11)).then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin()).delete("/api/partners/" + demo + "/documents/" + removed).then().statusCode(204);
        ObjectId liveFile = gridFsFile(live).getObjectId("_id");

        given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + demo + "/reset").then().statusCode(200)
                .body("documentsDeleted", equalTo(1));

        assertEquals(0, db().getCollection("vault.files").countDocuments(Filters.eq("metadata.partnerId", demo)));
        assertEquals(0, db().getCollection("vault.chunks").countDocuments(Filters.eq("files_id", liveFile)));
        assertEquals(0, db().getCollection("documents").countDocuments(Filters.eq("partnerId", demo)));
    }
}

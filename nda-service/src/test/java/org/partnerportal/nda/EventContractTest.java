package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.testsupport.EventContract;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The published contract of nda-service ({@link EventContract}) on both its topics: every type of
 * {@code nda-events} and the private {@code notification-requests} has a schema naming exactly its
 * payload record's fields, the AsyncAPI document lists them, and what the real flows put on the
 * topics (driven through the HTTP API: a token issued and a first view, the invitation, the NDA
 * signed, portal access granted and opened, a document added, edited, downloaded and removed, the
 * key rotated, a demo partner reset) carries this service's CloudEvents attributes and validates.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class EventContractTest {

    private static final EventContract EVENTS = EventContract.of(NdaEvents.TOPIC, "nda-service");
    private static final EventContract REQUESTS = EventContract.of(NotificationRequests.TOPIC, "nda-service");

    private static final Set<String> TYPES = EventContract.names(NdaEvents.ALL);
    private static final Set<String> MAIL = EventContract.names(NotificationRequests.ALL);

    @Test
    void everyTypeHasASchemaOfItsRecordAndTheAsyncApiDocumentListsThem() {
        EVENTS.assertDeclares(NdaEvents.ALL);
        REQUESTS.assertDeclares(NotificationRequests.ALL);
    }

    @Test
    void whatTheRealFlowsPublishMatchesTheContract() {
        String id = Fixtures.partner("Contract Co");
        String holder = Fixtures.holder(id);
        Fixtures.content(id);
        given().auth().oauth2(holder).contentType("application/json").body("{\"section\":\"hero\",\"seconds\":12}")
                .post("/api/proposals/" + id + "/views").then().statusCode(202);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{}")
                .post("/api/partners/" + id + "/invitation").then().statusCode(202);
        JsonPath en = Fixtures.template("en");
        given().auth().oauth2(holder).contentType("application/json")
                .body(Fixtures.ndaBody("Contract Signer", "signer@contract.test", en.getString("version"), en.getString("sha256")))
                .post("/api/proposals/" + id + "/nda").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{}")
                .post("/api/partners/" + id + "/portal-access").then().statusCode(202);

        String documents = "/api/partners/" + id + "/documents";
        String document = given().auth().oauth2(Tokens.admin())
                .multiPart("file", "deck.pdf", "%PDF-1.4 deck".getBytes(StandardCharsets.UTF_8), "application/pdf")
                .multiPart("title", "Deck").multiPart("requiresNda", "true").post(documents).then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(Tokens.admin()).contentType("application/merge-patch+json").body("{\"status\":\"final\"}")
                .patch(documents + "/" + document).then().statusCode(200);
        String portal = Fixtures.portalJwt(id, 1);
        given().auth().oauth2(portal).get("/api/portal/x").then().statusCode(200);
        given().auth().oauth2(portal).get("/api/portal/x/documents/" + document).then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).delete(documents + "/" + document).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).post("/api/partners/" + id + "/portal-access/rotate").then().statusCode(200);

        String demo = Fixtures.demoPartner("Contract Demo");
        given().auth().oauth2(Tokens.superAdmin()).post("/api/admin/demo-partners/" + demo + "/reset").then().statusCode(200);

        // every type once at least, then all of the two partners' records
        for (String type : TYPES) {
            Fixtures.events(NdaEvents.TOPIC, type.equals("DemoResetRequested") ? demo : id, type, 1);
        }
        Set<String> keys = Set.of(id, demo);
        EVENTS.assertPublishedMatch(KafkaEvents.all(NdaEvents.TOPIC).stream().filter(r -> keys.contains(r.key())).toList(),
                TYPES);
        // the invitation, the first-view alert, the NDA's admin alert and the signer's record, the portal link
        List<KafkaEvents.Recorded> mail = Fixtures.events(NotificationRequests.TOPIC, r -> id.equals(r.key()), 5);
        REQUESTS.assertPublishedMatch(mail, MAIL);
    }

    /** The check is not a rubber stamp: a record's broken field, or its missing one, is refused. */
    @Test
    void aBrokenPayloadIsRefused() {
        ObjectNode valid = new ObjectMapper().createObjectNode().put("partnerId", "p-1").put("keyVersion", 2)
                .put("rotatedBy", "admin-id").put("rotatedAt", "2030-06-01T10:00:00Z");
        assertEquals(Set.of(), EVENTS.validate("PortalKeyRotated", valid));
        assertFalse(EVENTS.validate("PortalKeyRotated", valid.deepCopy().put("rotatedAt", "yesterday")).isEmpty());
        assertFalse(EVENTS.validate("PortalKeyRotated", valid.deepCopy().put("keyVersion", "two")).isEmpty());
        ObjectNode missing = valid.deepCopy();
        missing.remove("partnerId");
        assertFalse(EVENTS.validate("PortalKeyRotated", missing).isEmpty());
    }
}

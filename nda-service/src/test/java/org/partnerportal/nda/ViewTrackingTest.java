package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.partnerportal.nda.repository.ProposalRepository;
import org.partnerportal.testsupport.KafkaEvents;

import com.mongodb.client.model.Filters;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(NdaTestResource.class)
class ViewTrackingTest {

    @Inject
    ProposalRepository proposals;

    /** The partner's proposal document as stored, field by field. */
    private Document state(String id) {
        return proposals.mongoCollection().withDocumentClass(Document.class).find(Filters.eq("_id", id)).collect().first()
                .await().indefinitely();
    }

    @Test
    void unknownSectionsAndAbsurdDurationsAreRejectedAndWriteNothing() {
        String id = Fixtures.partner("Bounds Co");
        String holder = Fixtures.holder(id);
        for (String body : List.of("{\"section\":\"pricing\",\"seconds\":5}", "{\"section\":\"hero\",\"seconds\":3601}",
                "{\"section\":\"hero\",\"seconds\":-1}", "{\"section\":\"hero\"}")) {
            given().auth().oauth2(holder).contentType("application/json").body(body)
                    .post("/api/proposals/" + id + "/views").then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(holder).contentType("application/json").body("{\"section\":\"pricing\",\"seconds\":5}")
                .post("/api/proposals/" + id + "/views").then().body("errors.field", hasItem("section"));
        assertNull(state(id).get("viewCount"));
        assertEquals(0, KafkaEvents.all("nda-events").stream()
                .filter(r -> id.equals(r.key()) && r.type().equals("partnerportal.ProposalViewed.v1")).count());
    }

    @Test
    void eachViewCountsAndOnlyTheFirstAlertsTheAdmins() {
        String id = Fixtures.partner("Views Co");
        String holder = Fixtures.holder(id);
        given().auth().oauth2(holder).contentType("application/json").body("{\"section\":\"hero\",\"seconds\":12}")
                .post("/api/proposals/" + id + "/views").then().statusCode(202).body("first", equalTo(true));
        given().auth().oauth2(holder).contentType("application/json").body("{\"section\":\"terms\",\"seconds\":40}")
                .post("/api/proposals/" + id + "/views").then().statusCode(202).body("first", equalTo(false));
        given().auth().oauth2(holder).contentType("application/json").body("{\"section\":\"hero\",\"seconds\":3}")
                .post("/api/proposals/" + id + "/views").then().statusCode(202).body("first", equalTo(false));

        List<KafkaEvents.Recorded> views = Fixtures.events("nda-events", id, "ProposalViewed", 3);
        assertEquals(3, views.size());
        assertEquals(1, views.stream().filter(v -> new JsonPath(v.data()).getBoolean("first")).count());
        assertEquals("hero", new JsonPath(views.get(0).data()).getString("section"));
        Document s = state(id);
        assertEquals(3, s.getInteger("viewCount"));
        assertEquals(15, s.get("views", Document.class).get("hero", Document.class).getInteger("seconds"));
        List<KafkaEvents.Recorded> alerts = Fixtures.events("notification-requests",
                r -> id.equals(r.key()) && r.data().contains("proposal_first_view_admin_alert"), 1);
        assertEquals(1, alerts.size());
    }

    private static io.restassured.response.ValidatableResponse report(String holder, String id, String section, int seconds,
            String visitId) {
        return given().auth().oauth2(holder).contentType("application/json")
                .body("{\"section\":\"" + section + "\",\"seconds\":" + seconds + ",\"visitId\":\"" + visitId + "\"}")
                .post("/api/proposals/" + id + "/views").then().statusCode(202);
    }

    @Test
    void aVisitCountsOnceAndTheAdminSeesEachSectionsReading() {
        String id = Fixtures.partner("Visits Co");
        String holder = Fixtures.holder(id);
        String a = java.util.UUID.randomUUID().toString();
        String b = java.util.UUID.randomUUID().toString();
        // visit a: the page's report on show (0 s) is the first view, and alerts at once
        report(holder, id, "hero", 0, a).body("first", equalTo(true)).body("visitStart", equalTo(true));
        Fixtures.events("notification-requests", r -> id.equals(r.key()) && r.data().contains("proposal_first_view_admin_alert"), 1);
        report(holder, id, "terms", 40, a).body("first", equalTo(false)).body("visitStart", equalTo(false));
        report(holder, id, "hero", 12, a).body("visitStart", equalTo(false));
        report(holder, id, "hero", 5, a).body("visitStart", equalTo(false));
        // visit b
        report(holder, id, "hero", 0, b).body("first", equalTo(false)).body("visitStart", equalTo(true));
        report(holder, id, "value", 7, b).body("visitStart", equalTo(false));

        List<KafkaEvents.Recorded> views = Fixtures.events("nda-events", id, "ProposalViewed", 6);
        assertEquals(2, views.stream().filter(v -> new JsonPath(v.data()).getBoolean("visitStart")).count());
        assertEquals(1, views.stream().filter(v -> new JsonPath(v.data()).getBoolean("first")).count());

        JsonPath analytics = given().auth().oauth2(org.partnerportal.testsupport.Tokens.admin())
                .get("/api/partners/" + id + "/proposal/analytics").then().statusCode(200).extract().jsonPath();
        assertEquals(2, analytics.getInt("visits"));
        assertEquals(6, analytics.getInt("reports"));
        assertEquals(64, analytics.getInt("seconds"));
        assertEquals(9, analytics.getList("sections").size(), "every section, in page order");
        assertEquals("hero", analytics.getString("sections[0].section"));
        assertEquals(17, analytics.getInt("sections[0].seconds"));
        assertEquals(2, analytics.getInt("sections[0].visits"), "hero read in both visits");
        assertEquals(4, analytics.getInt("sections[0].reports"));
        assertEquals(40, analytics.getInt("sections[1].seconds"));
        assertEquals(1, analytics.getInt("sections[1].visits"));
        assertEquals(1, analytics.getInt("sections[3].visits"), "value");
        assertEquals(0, analytics.getInt("sections[2].visits"), "metrics never read");
        assertNull(analytics.get("sections[2].lastReadAt"));
        org.junit.jupiter.api.Assertions.assertNotNull(analytics.get("sections[3].lastReadAt"));
        org.junit.jupiter.api.Assertions.assertNotNull(analytics.get("firstViewedAt"));

        given().auth().oauth2(org.partnerportal.testsupport.Tokens.admin())
                .get("/api/partners/" + java.util.UUID.randomUUID() + "/proposal/analytics").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(holder).get("/api/partners/" + id + "/proposal/analytics").then().statusCode(403);
    }

    @Test
    void aMalformedVisitIdIsRefusedAndWritesNothing() {
        String id = Fixtures.partner("Bad Visit Co");
        String holder = Fixtures.holder(id);
        given().auth().oauth2(holder).contentType("application/json").body("{\"section\":\"hero\",\"seconds\":1,\"visitId\":\"x\"}")
                .post("/api/proposals/" + id + "/views").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("visitId"));
        assertNull(state(id).get("viewCount"));
    }
}

package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.partnerportal.nda.repository.Collections;
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
    Collections collections;

    private Document state(String id) {
        return collections.get(Collections.PROPOSALS).find(Filters.eq("_id", id)).collect().first().await().indefinitely();
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
}

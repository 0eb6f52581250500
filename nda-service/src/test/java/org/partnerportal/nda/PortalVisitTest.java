package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.KafkaEvents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Opening the portal is a touch: one PortalVisited per visit, reloads within the visit gap are the same visit. */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class PortalVisitTest {

    @Test
    void reloadsWithinTheGapAreOneVisit() {
        String id = Fixtures.partner("Portal Visit Co");
        String portal = Fixtures.portalJwt(id, 1);
        given().auth().oauth2(portal).get("/api/portal/x").then().statusCode(200);
        given().auth().oauth2(portal).get("/api/portal/x").then().statusCode(200);
        given().auth().oauth2(portal).get("/api/portal/x").then().statusCode(200);
        // the marker: an event the same document publishes after the loads
        Fixtures.issue(id);
        Fixtures.events("nda-events", id, "ProposalIssued", 1);

        List<KafkaEvents.Recorded> visits = KafkaEvents.all("nda-events").stream()
                .filter(r -> id.equals(r.key()) && r.type().equals("partnerportal.PortalVisited.v1")).toList();
        assertEquals(1, visits.size(), "three loads, one visit");
        JsonPath data = new JsonPath(visits.get(0).data());
        assertEquals(id, data.getString("partnerId"));
        assertEquals("portal:" + id, data.getString("visitedBy"));
    }
}

package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.partner.repository.PartnerRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * nda-service's {@code DemoResetRequested} resets a demo partner's pipeline here (stage, close,
 * proposal views) and announces the move; a partner that is not a demo partner is left alone, and
 * nobody can make a partner a demo partner through the API.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class DemoResetTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    PartnerRepository partners;

    private static void moveTo(String id, String stage) {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("stage", stage, "reason", "test"))
                .put("/api/partners/" + id + "/stage").then().statusCode(200);
    }

    private static String resetRequested(String partnerId) {
        return KafkaEvents.publish(NdaEvents.DEMO_RESET_REQUESTED, partnerId, request(partnerId));
    }

    private static String request(String partnerId) {
        return "{\"partnerId\":\"" + partnerId + "\",\"requestedBy\":\"superadmin-id\",\"requestedAt\":\"" + Instant.now() + "\"}";
    }

    private static String stage(String id) {
        return given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id).then().statusCode(200).extract().path("stage");
    }

    @Test
    void aDemoPartnerGoesBackToDraftAndOthersAreLeftAlone() {
        String demo = create(body(unique("Demo Reset Co")));
        String real = create(body(unique("Real Reset Co")));
        // the seed's flag (set at creation by StartupTasks, which this test cannot run again)
        partners.mongoCollection().updateOne(Filters.eq("_id", demo), Updates.set("demo", true)).await().atMost(WITHIN);
        for (String id : new String[] { demo, real }) {
            moveTo(id, "proposal_sent");
            moveTo(id, "meeting_scheduled");
        }

        resetRequested(real);
        String eventId = resetRequested(demo);
        await().atMost(WITHIN).until(() -> "draft".equals(stage(demo)));
        KafkaEvents.Recorded moved = KafkaEvents.await("partner-events", r -> demo.equals(r.key())
                && PartnerEvents.PARTNER_STAGE_CHANGED.ceType().equals(r.type()) && r.data().contains("demo_reset"), 1, WITHIN).get(0);
        JsonPath m = new JsonPath(moved.data());
        assertEquals("meeting_scheduled", m.getString("from"));
        assertEquals("draft", m.getString("to"));
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + demo).then().body("proposalViews", equalTo(0))
                .body("demo", equalTo(true));
        assertEquals("meeting_scheduled", stage(real));
        assertTrue(KafkaEvents.all("partner-events").stream().noneMatch(r -> real.equals(r.key()) && r.data() != null
                && r.data().contains("demo_reset")));

        // the same request delivered again changes nothing more
        moveTo(demo, "proposal_sent");
        KafkaEvents.publish(NdaEvents.DEMO_RESET_REQUESTED, demo, eventId, request(demo));
        await().during(Duration.ofSeconds(3)).atMost(WITHIN).until(() -> "proposal_sent".equals(stage(demo)));
    }

    @Test
    void theDemoFlagCannotBeSetThroughTheApi() {
        String id = create(body(unique("Wannabe Demo Co")));
        given().auth().oauth2(Tokens.admin()).contentType("application/merge-patch+json").body(Map.of("demo", true))
                .patch("/api/partners/" + id).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("name", unique("Demo"), "demo", true,
                "tier", "gold")).post("/api/partners").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(201)))
                .body("demo", org.hamcrest.Matchers.not(equalTo(true)));
        given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id).then().body("demo", equalTo(false));
    }
}

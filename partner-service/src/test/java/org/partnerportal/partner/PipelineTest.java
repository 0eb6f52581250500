package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.data;
import static org.partnerportal.partner.Fixtures.getPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(PortalTestResource.class)
class PipelineTest {

    static final List<String> STAGES = List.of("draft", "proposal_sent", "meeting_scheduled", "nda_signed",
            "mou_signed", "active", "on_hold");

    /** The legal kanban moves, written out independently of the code under test. */
    static final Map<String, Set<String>> LEGAL = Map.of(
            "draft", Set.of("proposal_sent", "on_hold"),
            "proposal_sent", Set.of("meeting_scheduled", "nda_signed", "on_hold"),
            "meeting_scheduled", Set.of("nda_signed", "on_hold"),
            "nda_signed", Set.of("mou_signed", "on_hold"),
            "mou_signed", Set.of("active", "on_hold"),
            "active", Set.of(),
            "on_hold", Set.of("draft", "proposal_sent", "meeting_scheduled", "nda_signed", "mou_signed"));

    static String partnerAt(String stage) {
        Map<String, Object> b = body(unique("Stage Co"));
        b.put("stage", stage);
        return create(b);
    }

    static ValidatableResponse move(String id, String stage) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("stage", stage, "reason", "kanban drag"))
                .when().put("/api/partners/" + id + "/stage").then();
    }

    @Test
    void everyMoveIsLegalOrRefusedExactlyAsThePipelineSays() {
        for (String from : STAGES) {
            for (String to : STAGES) {
                if (from.equals(to)) {
                    continue;
                }
                String id = partnerAt(from);
                ValidatableResponse r = move(id, to);
                if (LEGAL.get(from).contains(to)) {
                    r.statusCode(200).body("stage", equalTo(to));
                } else {
                    r.statusCode(409).contentType("application/problem+json")
                            .body("stage", equalTo(from)).body("requested", equalTo(to))
                            .body("allowedMoves.size()", equalTo(LEGAL.get(from).size()));
                    getPartner(id).body("stage", equalTo(from));
                }
            }
        }
    }

    @Test
    void aFullRunStampsTheMouAndPublishesEachMove() {
        String id = partnerAt("draft");
        for (String stage : List.of("proposal_sent", "meeting_scheduled", "nda_signed")) {
            move(id, stage).statusCode(200);
        }
        getPartner(id).body("mouSignedAt", nullValue());
        move(id, "mou_signed").statusCode(200).body("mouSignedAt", notNullValue());
        move(id, "mou_signed").statusCode(200).body("version", equalTo(4)); // same stage: nothing happens
        move(id, "active").statusCode(200).body("closeOutcome", equalTo("won"));

        JsonNode changed = data(KafkaEvents.await("partner-events", r -> "partnerportal.PartnerStageChanged.v1".equals(r.type())
                && r.data().contains(id) && r.data().contains("\"to\":\"active\""), 1, Duration.ofSeconds(15)).get(0));
        assertEquals("mou_signed", changed.path("from").asText());
        assertEquals("manual", changed.path("trigger").asText());
    }

    @Test
    void aliasesAreAcceptedForMoves() {
        String id = partnerAt("proposal_sent");
        move(id, "inactive").statusCode(200).body("stage", equalTo("on_hold"));
        move(id, "pending").statusCode(200).body("stage", equalTo("draft"));
        move(id, "signed").statusCode(400);
    }

    @Test
    void closingADeal() {
        String won = partnerAt("mou_signed");
        close(won, "won", null).statusCode(200).body("stage", equalTo("active")).body("closeOutcome", equalTo("won"));
        close(won, "lost", "too late").statusCode(409);

        String lost = partnerAt("meeting_scheduled");
        close(lost, "lost", "Budget went to another event").statusCode(200).body("stage", equalTo("on_hold"))
                .body("closeOutcome", equalTo("lost")).body("closeReason", equalTo("Budget went to another event"));
        String stalled = partnerAt("proposal_sent");
        close(stalled, "stalled", "No answer for 60 days").statusCode(200).body("stage", equalTo("on_hold"));
        close(stalled, "stalled", "again").statusCode(409).body("allowedMoves", hasItem("proposal_sent"));
        close(stalled, "abandoned", null).statusCode(400);
    }

    @Test
    void theKanbanHasOneColumnPerStageWithTheCards() {
        String id = partnerAt("nda_signed");
        String name = getPartner(id).extract().path("name");
        given().auth().oauth2(Tokens.admin()).when().get("/api/pipeline").then().statusCode(200)
                .body("columns.stage", equalTo(STAGES))
                .body("columns.find { it.stage == 'nda_signed' }.cards.name", hasItem(name))
                .body("columns.find { it.stage == 'nda_signed' }.cards.find { it.id == '" + id + "' }.tierColor",
                        equalTo("#FFD700"));
        given().auth().oauth2(Tokens.partner(id)).when().get("/api/pipeline").then().statusCode(403);
    }

    private static ValidatableResponse close(String id, String outcome, String reason) {
        Map<String, Object> b = new java.util.HashMap<>(Map.of("outcome", outcome));
        if (reason != null) {
            b.put("reason", reason);
        }
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(b)
                .when().post("/api/partners/" + id + "/close").then();
    }
}

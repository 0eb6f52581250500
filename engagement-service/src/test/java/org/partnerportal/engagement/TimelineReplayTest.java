package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.engagement.Fixtures.adminPost;
import static org.partnerportal.engagement.Fixtures.map;
import static org.partnerportal.engagement.Fixtures.newId;
import static org.partnerportal.engagement.Fixtures.portal;
import static org.partnerportal.engagement.Fixtures.timelineAsAdmin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Every producer's events, replayed twice, give one row each. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class TimelineReplayTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    TimelineRepository timeline;

    private record Ev(String topic, String id, String type, String json) {
    }

    @Test
    void theTimelineHoldsEveryTouchOnceNewestFirst() {
        String p = newId();
        String q = "\"partnerId\":\"" + p + "\"";
        List<Ev> all = new ArrayList<>();
        all.add(new Ev("partner-events", newId(), "partnerportal.PartnerCreated.v1",
                "{" + q + ",\"name\":\"Ooredoo\",\"tier\":\"gold\",\"createdAt\":\"2025-01-01T08:00:00Z\"}"));
        all.add(new Ev("partner-events", newId(), "partnerportal.PartnerStageChanged.v1",
                "{" + q + ",\"from\":\"draft\",\"to\":\"proposal_sent\",\"changedAt\":\"2025-01-02T08:00:00Z\"}"));
        all.add(new Ev("nda-events", newId(), "partnerportal.ProposalIssued.v1",
                "{" + q + ",\"partnerName\":\"Ooredoo\",\"jti\":\"j1\",\"expiresAt\":\"2025-02-02T08:00:00Z\",\"issuedBy\":\"admin-id\",\"issuedAt\":\"2025-01-03T08:00:00Z\"}"));
        all.add(new Ev("nda-events", newId(), "partnerportal.ProposalInvitationSent.v1",
                "{" + q + ",\"recipient\":\"cto@ooredoo.test\",\"sentBy\":\"admin-id\",\"at\":\"2025-01-04T08:00:00Z\"}"));
        all.add(new Ev("nda-events", newId(), "partnerportal.ProposalViewed.v1",
                "{" + q + ",\"section\":\"terms\",\"seconds\":42,\"first\":true,\"viewedAt\":\"2025-01-05T08:00:00Z\"}"));
        all.add(new Ev("nda-events", newId(), "partnerportal.NdaSigned.v1",
                "{" + q + ",\"partnerName\":\"Ooredoo\",\"reference\":\"NDA-00007\",\"signerName\":\"Rana\",\"signerEmail\":\"rana@ooredoo.test\",\"signedAt\":\"2025-01-06T08:00:00Z\",\"expiresAt\":\"2028-01-06T08:00:00Z\"}"));
        all.add(new Ev("nda-events", newId(), "partnerportal.PortalAccessGranted.v1",
                "{" + q + ",\"recipient\":\"rana@ooredoo.test\",\"keyVersion\":1,\"grantedBy\":\"admin-id\",\"at\":\"2025-01-07T08:00:00Z\"}"));
        all.add(new Ev("nda-events", newId(), "partnerportal.DocumentDownloaded.v1",
                "{" + q + ",\"documentId\":\"d1\",\"title\":\"Deck\",\"downloadedBy\":\"portal:" + p + "\",\"at\":\"2025-01-08T08:00:00Z\"}"));
        all.add(new Ev("notification-events", newId(), "partnerportal.NotificationSent.v1",
                "{" + q + ",\"template\":\"meeting_agenda\",\"recipient\":\"rana@ooredoo.test\",\"subject\":\"Meeting: Kick-off\",\"sentAt\":\"2025-01-09T08:00:00Z\"}"));
        all.add(new Ev("engagement-events", newId(), "partnerportal.EventPartnerAdded.v1",
                "{\"linkId\":\"" + p + "::e1\"," + q + ",\"eventId\":\"e1\",\"eventName\":\"Hackathon\",\"eventYear\":2025,\"status\":\"committed\",\"statusLabel\":\"Committed\",\"addedAt\":\"2025-01-10T08:00:00Z\"}"));
        all.add(new Ev("engagement-events", newId(), "partnerportal.EventPartnerRemoved.v1",
                "{\"linkId\":\"" + p + "::e1\"," + q + ",\"eventId\":\"e1\",\"eventName\":\"Hackathon\",\"removedAt\":\"2025-01-11T08:00:00Z\"}"));
        // already rows of their own: not projected a second time
        all.add(new Ev("engagement-events", newId(), "partnerportal.MeetingScheduled.v1",
                "{\"meetingId\":\"m1\"," + q + ",\"title\":\"x\",\"startsAt\":\"2025-01-12T08:00:00Z\"}"));

        for (int round = 0; round < 2; round++) {
            for (Ev e : all) {
                KafkaEvents.publish(e.topic(), p, e.id(), e.type(), e.json());
            }
        }
        // a later marker on each topic proves both rounds were consumed before counting
        List<String> markers = new ArrayList<>();
        for (String topic : List.of("partner-events", "nda-events", "notification-events", "engagement-events")) {
            String type = topic.equals("notification-events") ? "partnerportal.NotificationSent.v1"
                    : topic.equals("engagement-events") ? "partnerportal.EventPartnerRemoved.v1"
                            : topic.equals("nda-events") ? "partnerportal.DocumentAdded.v1" : "partnerportal.PartnerArchived.v1";
            markers.add(KafkaEvents.publish(topic, p, type, "{" + q + ",\"title\":\"Marker\",\"eventName\":\"M\","
                    + "\"eventId\":\"m\",\"name\":\"Ooredoo\",\"archivedAt\":\"2025-02-01T00:00:00Z\",\"at\":\"2025-02-01T00:00:00Z\","
                    + "\"removedAt\":\"2025-02-01T00:00:00Z\",\"sentAt\":\"2025-02-01T00:00:00Z\"}"));
        }
        await().atMost(WITHIN).until(() -> markers.stream()
                .allMatch(m -> timeline.findById(m).await().indefinitely() != null));

        List<String> kinds = timelineAsAdmin(p).statusCode(200).body("total", equalTo(15)).extract().path("items.kind");
        // the four markers share one instant; below them the touches in order, newest first
        assertEquals(List.of("event_unlinked", "event_linked", "email_sent", "document_downloaded",
                "portal_access_granted", "nda_signed", "proposal_viewed", "proposal_invitation_sent", "proposal_issued",
                "stage_changed", "partner_created"), kinds.subList(4, 15));
        for (Ev e : all) {
            assertEquals(e.type().contains("MeetingScheduled") ? 0L : 1L, timeline.count("_id", e.id()).await().indefinitely(),
                    e.type());
        }
        timelineAsAdmin(p).body("items.find { it.kind == 'nda_signed' }.title", equalTo("NDA signed (NDA-00007)"))
                .body("items.find { it.kind == 'proposal_viewed' }.title", equalTo("Proposal opened for the first time: terms"));
    }

    @Test
    void thePartnerAndThePortalSeeTheTimelineWithoutPrivateNotes() {
        String p = Fixtures.partner();
        adminPost("/api/partners/" + p + "/communications", map("subject", "Call", "summary", "They are price sensitive",
                "channel", "phone", "direction", "outbound", "occurredAt", "2025-01-01T10:00:00Z")).statusCode(201);
        // the newest row is partner_created (Fixtures.partner()); the call is the older one
        timelineAsAdmin(p).body("items[1].communication.summary", equalTo("They are price sensitive"));
        given().auth().oauth2(Tokens.partner(p)).when().get("/api/partners/" + p + "/timeline").then().statusCode(200)
                .body("items[1].communication.summary", nullValue()).body("items[1].detail", nullValue());
        given().auth().oauth2(portal(p)).when().get("/api/portal/anything/timeline").then().statusCode(200)
                .body("total", equalTo(2)).body("items[1].title", equalTo("Call"))
                .body("items[1].communication.summary", nullValue());
        given().when().get("/api/portal/anything/timeline").then().statusCode(401);
    }
}

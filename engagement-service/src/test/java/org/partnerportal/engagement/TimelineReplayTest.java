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
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.events.NotificationEvents;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.EventType;
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

    private record Ev(EventType<?> type, String id, String json) {
    }

    @Test
    void theTimelineHoldsEveryTouchOnceNewestFirst() {
        String p = newId();
        String q = "\"partnerId\":\"" + p + "\"";
        List<Ev> all = new ArrayList<>();
        all.add(new Ev(PartnerEvents.PARTNER_CREATED, newId(),
                "{" + q + ",\"name\":\"Ooredoo\",\"tier\":\"gold\",\"createdAt\":\"2025-01-01T08:00:00Z\"}"));
        all.add(new Ev(PartnerEvents.PARTNER_STAGE_CHANGED, newId(),
                "{" + q + ",\"from\":\"draft\",\"to\":\"proposal_sent\",\"changedAt\":\"2025-01-02T08:00:00Z\"}"));
        all.add(new Ev(NdaEvents.PROPOSAL_ISSUED, newId(),
                "{" + q + ",\"partnerName\":\"Ooredoo\",\"jti\":\"j1\",\"expiresAt\":\"2025-02-02T08:00:00Z\",\"issuedBy\":\"admin-id\",\"issuedAt\":\"2025-01-03T08:00:00Z\"}"));
        all.add(new Ev(NdaEvents.PROPOSAL_INVITATION_SENT, newId(),
                "{" + q + ",\"recipient\":\"cto@ooredoo.test\",\"sentBy\":\"admin-id\",\"at\":\"2025-01-04T08:00:00Z\"}"));
        all.add(new Ev(NdaEvents.PROPOSAL_VIEWED, newId(),
                "{" + q + ",\"section\":\"terms\",\"seconds\":42,\"first\":true,\"viewedAt\":\"2025-01-05T08:00:00Z\"}"));
        all.add(new Ev(NdaEvents.NDA_SIGNED, newId(),
                "{" + q + ",\"partnerName\":\"Ooredoo\",\"reference\":\"NDA-00007\",\"signerName\":\"Rana\",\"signerEmail\":\"rana@ooredoo.test\",\"signedAt\":\"2025-01-06T08:00:00Z\",\"expiresAt\":\"2028-01-06T08:00:00Z\"}"));
        all.add(new Ev(NdaEvents.PORTAL_ACCESS_GRANTED, newId(),
                "{" + q + ",\"recipient\":\"rana@ooredoo.test\",\"keyVersion\":1,\"grantedBy\":\"admin-id\",\"at\":\"2025-01-07T08:00:00Z\"}"));
        all.add(new Ev(NdaEvents.DOCUMENT_DOWNLOADED, newId(),
                "{" + q + ",\"documentId\":\"d1\",\"title\":\"Deck\",\"downloadedBy\":\"portal:" + p + "\",\"at\":\"2025-01-08T08:00:00Z\"}"));
        all.add(new Ev(NotificationEvents.NOTIFICATION_SENT, newId(),
                "{" + q + ",\"template\":\"meeting_agenda\",\"recipient\":\"rana@ooredoo.test\",\"subject\":\"Meeting: Kick-off\",\"sentAt\":\"2025-01-09T08:00:00Z\"}"));
        all.add(new Ev(EngagementEvents.EVENT_PARTNER_ADDED, newId(),
                "{\"linkId\":\"" + p + "::e1\"," + q + ",\"eventId\":\"e1\",\"eventName\":\"Hackathon\",\"eventYear\":2025,\"status\":\"committed\",\"statusLabel\":\"Committed\",\"addedAt\":\"2025-01-10T08:00:00Z\"}"));
        all.add(new Ev(EngagementEvents.EVENT_PARTNER_REMOVED, newId(),
                "{\"linkId\":\"" + p + "::e1\"," + q + ",\"eventId\":\"e1\",\"eventName\":\"Hackathon\",\"removedAt\":\"2025-01-11T08:00:00Z\"}"));
        // already rows of their own: not projected a second time
        all.add(new Ev(EngagementEvents.MEETING_SCHEDULED, newId(),
                "{\"meetingId\":\"m1\"," + q + ",\"title\":\"x\",\"startsAt\":\"2025-01-12T08:00:00Z\"}"));

        for (int round = 0; round < 2; round++) {
            for (Ev e : all) {
                KafkaEvents.publish(e.type(), p, e.id(), e.json());
            }
        }
        // a later marker on each topic proves both rounds were consumed before counting
        List<String> markers = new ArrayList<>();
        for (EventType<?> type : List.of(PartnerEvents.PARTNER_ARCHIVED, NdaEvents.DOCUMENT_ADDED,
                NotificationEvents.NOTIFICATION_SENT, EngagementEvents.EVENT_PARTNER_REMOVED)) {
            markers.add(KafkaEvents.publish(type, p, "{" + q + ",\"title\":\"Marker\",\"eventName\":\"M\","
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
            assertEquals(e.type() == EngagementEvents.MEETING_SCHEDULED ? 0L : 1L, timeline.count("_id", e.id()).await().indefinitely(),
                    e.type().name());
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

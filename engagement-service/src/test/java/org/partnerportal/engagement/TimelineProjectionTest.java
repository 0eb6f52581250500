package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.engagement.Fixtures.newId;
import static org.partnerportal.engagement.Fixtures.publishAccessApproved;
import static org.partnerportal.engagement.Fixtures.timelineAsAdmin;
import static org.partnerportal.engagement.Fixtures.timelineTotal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.NotificationEvents;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(PortalTestResource.class)
class TimelineProjectionTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    TimelineRepository timeline;

    @Test
    void accessApprovedBecomesATimelineEntry() {
        String partnerId = newId();
        Instant reviewedAt = Instant.parse("2025-05-04T09:15:00Z");
        String eventId = publishAccessApproved(newId(), partnerId, "Rana Al-Busaidi", "rana@example.com", reviewedAt);

        await().atMost(WITHIN).until(() -> timelineTotal(partnerId) == 1);
        timelineAsAdmin(partnerId).statusCode(200)
                .body("items[0].id", equalTo(eventId))
                .body("items[0].kind", equalTo("access_approved"))
                .body("items[0].title", equalTo("Partner access approved for Rana Al-Busaidi <rana@example.com>"))
                .body("items[0].detail", equalTo("Welcome aboard"))
                .body("items[0].actor", equalTo("admin-id"))
                .body("items[0].occurredAt", equalTo("2025-05-04T09:15:00Z"))
                .body("items[0].source.eventId", equalTo(eventId))
                .body("items[0].source.eventType", equalTo("partnerportal.AccessApproved.v1"))
                .body("page", equalTo(0)).body("size", equalTo(50));
    }

    @Test
    void partnerCreatedAndEmailsSentAreListedNewestFirstAndFilterableByKind() {
        String partnerId = newId();
        KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, partnerId,
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Oman Data Park\",\"industry\":\"Cloud\",\"tier\":\"gold\","
                        + "\"stage\":\"draft\",\"primaryContact\":{\"name\":\"A\",\"email\":\"a@odp.test\"},"
                        + "\"createdAt\":\"2025-01-01T08:00:00Z\"}");
        KafkaEvents.publish(NotificationEvents.NOTIFICATION_SENT, partnerId,
                "{\"deliveryId\":\"d-1\",\"template\":\"partner_invite\",\"recipient\":\"a@odp.test\",\"partnerId\":\""
                        + partnerId + "\",\"subject\":\"You are invited\",\"sentAt\":\"2025-02-01T08:00:00Z\"}");
        // an e-mail with no partner is not a partner touch, and an unknown type is ignored
        KafkaEvents.publish(NotificationEvents.NOTIFICATION_SENT, "x",
                "{\"partnerId\":null,\"relatedPartnerId\":null,\"audience\":\"admin\",\"deliveryId\":\"d-2\",\"template\":\"admin_alert\",\"recipient\":\"admin@partnerportal.test\",\"subject\":\"s\",\"sentAt\":\"2025-02-01T08:00:00Z\"}");
        KafkaEvents.publish("partner-events", partnerId, "partnerportal.SomethingNew.v3", "{\"partnerId\":\"" + partnerId + "\"}");

        await().atMost(WITHIN).until(() -> timelineTotal(partnerId) == 2);
        timelineAsAdmin(partnerId).body("items.kind", contains("email_sent", "partner_created"))
                .body("items[0].title", equalTo("E-mail sent: You are invited"))
                .body("items[1].title", equalTo("Partner Oman Data Park created"));
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/partners/" + partnerId + "/timeline?kind=partner_created")
                .then().statusCode(200).body("total", equalTo(1)).body("items.kind", contains("partner_created"));
    }

    @Test
    void aStageMoveIsATouchToo() {
        String partnerId = newId();
        KafkaEvents.publish(PartnerEvents.PARTNER_STAGE_CHANGED, partnerId,
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Mocipi\",\"from\":\"draft\",\"to\":\"proposal_sent\","
                        + "\"trigger\":\"manual\",\"reason\":\"Proposal e-mailed\",\"changedBy\":\"admin-id\","
                        + "\"changedAt\":\"2025-03-01T12:00:00Z\"}");
        await().atMost(WITHIN).until(() -> timelineTotal(partnerId) == 1);
        timelineAsAdmin(partnerId).body("items[0].kind", equalTo("stage_changed"))
                .body("items[0].title", equalTo("Stage moved from draft to proposal_sent"))
                .body("items[0].detail", equalTo("Proposal e-mailed"))
                .body("items[0].actor", equalTo("admin-id"));
    }

    @Test
    void aRedeliveredEventAddsNoSecondRow() {
        String partnerId = newId();
        String eventId = newId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publishAccessApproved(eventId, partnerId, "Twice", "twice@example.com", at);
        publishAccessApproved(eventId, partnerId, "Twice", "twice@example.com", at);
        // a later event on the same partition proves both copies were consumed before we count
        String marker = publishAccessApproved(newId(), partnerId, "Marker", "marker@example.com", at.plusSeconds(1));

        await().atMost(WITHIN).until(() -> timeline.findById(marker).await().indefinitely() != null);
        assertEquals(2, timelineTotal(partnerId));
        assertEquals(1L, timeline.count("_id", eventId).await().indefinitely());
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextOneStillCounts() {
        String partnerId = newId();
        String poisonId = newId();
        KafkaEvents.publishAll(PartnerEvents.TOPIC, List.of(
                KafkaEvents.Outgoing.breakingContract(partnerId, poisonId, PartnerEvents.ACCESS_APPROVED.ceType(), "{not json")));
        String goodId = publishAccessApproved(newId(), partnerId, "After Poison", "after@example.com", Instant.now());

        KafkaEvents.Recorded dead = KafkaEvents.await("partner-events.engagement-service.dlq",
                r -> partnerId.equals(r.key()), 1, WITHIN).get(0);
        assertEquals("{not json", dead.data());
        await().atMost(WITHIN).until(() -> timeline.findById(goodId).await().indefinitely() != null);
        assertEquals(1, timelineTotal(partnerId));

        // a known type without the field the row needs is poison too, not a row for nobody
        String orphan = newId();
        KafkaEvents.publishBreakingContract(PartnerEvents.ACCESS_APPROVED, orphan, "{\"name\":\"No Partner\"}");
        KafkaEvents.await("partner-events.engagement-service.dlq", r -> orphan.equals(r.key()), 1, WITHIN);
    }
}

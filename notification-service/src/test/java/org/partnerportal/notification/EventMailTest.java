package org.partnerportal.notification;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.notification.Fixtures.ADMIN_INBOX;
import static org.partnerportal.notification.Fixtures.awaitNotificationEvent;
import static org.partnerportal.notification.Fixtures.data;
import static org.partnerportal.notification.Fixtures.deliveriesOf;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.notificationEventsAbout;
import static org.partnerportal.notification.Fixtures.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The public events that warrant an e-mail, end to end: Kafka in, SMTP out, the log, the event. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class EventMailTest {

    @Test
    void anApprovedAccessRequestMailsTheRequesterOnceEvenWhenTheEventIsRedelivered() {
        String email = unique("approved") + "@example.com";
        String partnerId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String payload = json(Map.of("requestId", "r-1", "partnerId", partnerId, "partnerName", "Sohar Robotics",
                "name", "Rana Al-Busaidi", "email", email, "company", "Sohar Robotics LLC", "reviewedBy", "admin-id",
                "reviewedAt", Instant.now().toString(), "portalUrl", "http://localhost:8080/partner"));
        KafkaEvents.publish(PartnerEvents.ACCESS_APPROVED, partnerId, eventId, payload);

        Mailbox.Received mail = Mailbox.awaitOne(email, m -> true);
        assertEquals("Your partner access to Sohar Robotics is approved", mail.subject());
        assertTrue(mail.text().contains("Hello Rana Al-Busaidi"), mail.text());
        assertTrue(mail.text().contains("http://localhost:8080/partner"), mail.text());
        assertTrue(mail.html().contains("Sohar Robotics"), "an HTML part is sent too");
        String deliveryId = eventId + ":partner_access_approved:" + email;
        assertEquals(deliveryId, mail.deliveryId());

        KafkaEvents.Recorded sent = awaitNotificationEvent("partnerportal.NotificationSent.v1", deliveryId);
        assertEquals(partnerId, sent.key());
        assertEquals("/partner-portal/notification-service", sent.source());
        JsonNode d = data(sent);
        assertEquals(eventId, d.get("sourceEventId").asText());
        assertEquals("partner_access_approved", d.get("template").asText());
        assertEquals(1, d.get("attempts").asInt());
        assertFalse(sent.data().contains("Hello"), "the public event never carries the body");

        List<Map<String, Object>> rows = deliveriesOf(eventId);
        assertEquals(1, rows.size());
        assertEquals("sent", rows.get(0).get("status"));
        assertEquals(partnerId, rows.get(0).get("partnerId"));
        assertFalse(rows.get(0).containsKey("textBody"), "the log does not expose bodies");

        // at-least-once delivery: the same event again changes nothing
        KafkaEvents.publish(PartnerEvents.ACCESS_APPROVED, partnerId, eventId, payload);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> Mailbox.of(email).size() == 1 && deliveriesOf(eventId).size() == 1
                        && notificationEventsAbout(deliveryId).size() == 1);
    }

    @Test
    void anInviteToANewAddressWithoutANameIsSentWithAGreetingWithoutTheName() {
        String email = unique("invited") + "@example.com";
        String partnerId = UUID.randomUUID().toString();
        // what partner-service publishes for an invite without a name to an address that is no contact
        String eventId = KafkaEvents.publish(PartnerEvents.PARTNER_INVITED, partnerId,
                "{\"partnerId\":\"" + partnerId + "\",\"partnerName\":\"Sohar Robotics\",\"email\":\"" + email
                        + "\",\"name\":null,\"registerUrl\":\"http://localhost:8080/partner/register?partnerId=" + partnerId
                        + "\",\"invitedBy\":\"admin-id\",\"invitedAt\":\"" + Instant.now() + "\"}");

        Mailbox.Received mail = Mailbox.awaitOne(email, m -> true);
        assertEquals("You are invited to the Sohar Robotics partner portal", mail.subject());
        assertTrue(mail.text().startsWith("Hello,"), mail.text());
        assertTrue(mail.text().contains("http://localhost:8080/partner/register?partnerId=" + partnerId), mail.text());
        assertFalse(mail.text().contains("null"), mail.text());
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveriesOf(eventId).size() == 1);
        assertEquals("sent", deliveriesOf(eventId).get(0).get("status"));

        // with a name, the greeting names the person
        String named = unique("named") + "@example.com";
        KafkaEvents.publish(PartnerEvents.PARTNER_INVITED, partnerId, json(Map.of("partnerId", partnerId,
                "partnerName", "Sohar Robotics", "email", named, "name", "Huda", "registerUrl", "http://localhost:8080/r")));
        assertTrue(Mailbox.awaitOne(named, m -> true).text().startsWith("Hello Huda,"));
    }

    @Test
    void aDenialCarriesTheReviewersNotesAndAnAccessRequestAlertsTheAdmins() {
        String email = unique("denied") + "@example.com";
        KafkaEvents.publish(PartnerEvents.ACCESS_DENIED, "req-1", json(Map.of("requestId", "req-1",
                "name", "Said", "email", email, "company", "Muscat Labs", "notes", "We only partner with registered <companies>.")));
        Mailbox.Received denied = Mailbox.awaitOne(email, m -> true);
        assertEquals("Your partner access request", denied.subject());
        assertTrue(denied.text().contains("Reviewer's note: We only partner with registered <companies>."), denied.text());
        assertTrue(denied.html().contains("&lt;companies&gt;"), "values are escaped in HTML: " + denied.html());

        String company = unique("Nizwa Makers");
        KafkaEvents.publish(PartnerEvents.ACCESS_REQUESTED, "req-2", json(Map.of("requestId", "req-2",
                "name", "Aisha", "email", "aisha@example.com", "company", company, "requestedAt", Instant.now().toString())));
        Mailbox.Received alert = Mailbox.awaitOne(ADMIN_INBOX, m -> m.subject().contains(company));
        assertEquals("Partner access requested by Aisha (" + company + ")", alert.subject());
    }

    @Test
    void anNdaSignatureAndAFirstViewSendNothingThemselvesBecauseNdaServiceRequestsThoseMails() {
        String signer = unique("signer") + "@example.com";
        String signed = KafkaEvents.publish(NdaEvents.NDA_SIGNED, "p-nda", json(Map.of(
                "partnerId", "p-nda", "partnerName", "Ooredoo", "reference", "NDA-" + System.nanoTime(), "signerName", "Maryam",
                "signerEmail", signer, "signedAt", "2025-05-01T08:00:00Z")));
        String viewed = KafkaEvents.publish(NdaEvents.PROPOSAL_VIEWED, "p-nda", json(Map.of(
                "partnerId", "p-nda", "section", "hero", "seconds", 3, "first", true, "viewedAt", "2025-05-01T08:00:00Z")));
        // a later event on the same partition has been handled: the two above were seen and ignored
        String later = unique("later") + "@example.com";
        KafkaEvents.publishBreakingContract(NdaEvents.NDA_SIGNED, "p-nda", "{not json " + later);
        KafkaEvents.await("nda-events.notification-service.dlq", r -> r.data() != null && r.data().contains(later), 1,
                Duration.ofSeconds(20));
        assertTrue(deliveriesOf(signed).isEmpty());
        assertTrue(deliveriesOf(viewed).isEmpty());
        assertTrue(Mailbox.of(signer).isEmpty());
    }

    @Test
    void eventsThatNeedNoMailAreIgnoredAndUnreadableRecordsGoToTheDeadLetterTopic() {
        String ignored = KafkaEvents.publish(PartnerEvents.PARTNER_UPDATED, "p-x",
                json(Map.of("partnerId", "p-x", "name", "Whatever")));
        String firstViewOff = KafkaEvents.publish(NdaEvents.PROPOSAL_VIEWED, "p-y",
                json(Map.of("partnerId", "p-y", "partnerName", "Y", "section", "hero", "first", false)));

        String marker = unique("garbage");
        KafkaEvents.publishBreakingContract(PartnerEvents.ACCESS_APPROVED, "p-z", "{not json " + marker);
        KafkaEvents.await("partner-events.notification-service.dlq", r -> r.data() != null && r.data().contains(marker), 1,
                Duration.ofSeconds(20));

        // the consumer went on after the poison record
        String email = unique("after-poison") + "@example.com";
        KafkaEvents.publish(PartnerEvents.ACCESS_DENIED, "p-z",
                json(Map.of("requestId", "r", "name", "N", "email", email, "company", "C")));
        assertNotNull(Mailbox.awaitOne(email, m -> true));
        assertTrue(deliveriesOf(ignored).isEmpty());
        assertTrue(deliveriesOf(firstViewOff).isEmpty());
    }
}

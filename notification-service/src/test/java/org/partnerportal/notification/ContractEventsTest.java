package org.partnerportal.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.notification.Fixtures.ADMIN_INBOX;
import static org.partnerportal.notification.Fixtures.deliveriesOf;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.unique;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.notification.repository.PartnerRepository;
import org.partnerportal.notification.service.DeliveryDispatcher;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The events as engagement-service and nda-service send them (the fixed cross-service contract),
 * the request topic's recipients, languages and attachments.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class ContractEventsTest {

    private static final String REQUESTED = "partnerportal.NotificationRequested.v1";

    @Inject
    PartnerRepository partners;

    /** A partner as partner-service announces it, once this service's projection has it. */
    private String partner(String name) {
        String id = unique("p");
        KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, id, json(Map.of("partnerId", id, "name", name,
                "tier", "gold", "stage", "proposal_sent", "primaryContact", Map.of("name", "C", "email", "c@example.com"),
                "tags", List.of(), "alumni", false, "createdBy", "admin", "createdAt", "2030-01-01T00:00:00Z")));
        await().atMost(Duration.ofSeconds(15)).until(() -> partners.findById(id).await().atMost(Duration.ofSeconds(5)) != null);
        return id;
    }

    @Test
    void aFirstViewAlertRequestedUnderItsEarlierKeyGoesToTheAdminsAsAnAdminAlert() {
        String name = unique("Bank Muscat");
        String first = KafkaEvents.publish("notification-requests", "p-fv", REQUESTED, json(Map.of("requestId", unique("r"),
                "template", "proposal_first_view_admin_alert", "partnerId", "p-fv", "to", List.of(ADMIN_INBOX),
                "recipients", List.of(ADMIN_INBOX), "variables", Map.of("partnerName", name, "section", "terms",
                        "viewedAt", "2030-01-01T10:01:00Z"))));
        Mailbox.Received alert = Mailbox.awaitOne(ADMIN_INBOX, m -> m.subject().equals(name + " opened its proposal"));
        assertTrue(alert.text().contains("First section viewed: terms"), alert.text());
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesOf(first).size() == 1);
        assertEquals("admin", deliveriesOf(first).get(0).get("audience"), "not a touch on the partner's timeline");
        assertEquals("proposal_first_view_alert", deliveriesOf(first).get(0).get("template"));
    }

    @Test
    void aScheduledMeetingSendsEachAttendeeTheAgendaAddressedToThem() {
        String name = unique("OCCI");
        String id = partner(name);
        String a = unique("attendee-a") + "@example.com";
        String b = unique("attendee-b") + "@example.com";
        KafkaEvents.publish(EngagementEvents.MEETING_SCHEDULED, id, json(Map.of("meetingId", unique("m"),
                "partnerId", id, "title", "Kick-off", "startsAt", "2030-02-01T09:00:00Z",
                "attendees", List.of(Map.of("name", "Nasser", "email", a), Map.of("name", "Huda", "email", b)),
                "agenda", List.of("Goals", "Budget"), "actionItemIds", List.of(), "scheduledBy", "admin")));
        Mailbox.Received toA = Mailbox.awaitOne(a, m -> m.text().contains(name));
        assertEquals("Meeting: Kick-off", toA.subject());
        String text = toA.text().replace("\r\n", "\n");
        assertTrue(text.startsWith("Hello Nasser,"), text);
        assertTrue(text.contains("Kick-off with " + name) && text.contains("Agenda:\n- Goals\n- Budget"), text);
        assertTrue(Mailbox.awaitOne(b, m -> m.text().contains(name)).text().startsWith("Hello Huda,"));
    }

    @Test
    void theSignersNdaRecordCarriesTheCertificateArrivesOnceAndInTheSignersLanguage() {
        String signer = unique("signer") + "@example.com";
        // the signer read the proposal invitation in Arabic: that language is remembered for the address
        KafkaEvents.publish("notification-requests", "p-nda2", REQUESTED, json(Map.of("requestId", unique("r"),
                "template", "proposal_invitation", "lang", "en", "partnerId", "p-nda2",
                "recipients", List.of(Map.of("email", signer, "name", "Maryam", "lang", "ar")),
                "variables", Map.of("partnerName", "MOL", "proposalUrl", "http://portal/partnership/p?token=T"))));
        Mailbox.Received invitation = Mailbox.awaitOne(signer, m -> true);
        assertEquals("عرض الشراكة الخاص بـ MOL", invitation.subject());
        assertTrue(invitation.text().startsWith("مرحباً Maryam"), "the recipient's name: " + invitation.text());

        // nda-service's request, as it sends it (contact* names, the certificate PDF attached, no language)
        String reference = "NDA-" + unique("x");
        byte[] pdf = ("%PDF-1.4 certificate " + reference).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> variables = Map.of("contactName", "Maryam", "partnerName", "MOL", "reference", reference,
                "signedAt", "2030-01-01T08:00:00Z", "signedAtLocal", "2030-01-01T12:00:00+04:00",
                "expiresAt", "2033-01-01T08:00:00Z", "templateVersion", "3", "textSha256", "ab12cd");
        Map<String, Object> request = Map.of("template", "nda_signed_record", "partnerId", "p-nda2",
                "to", List.of(signer), "recipients", List.of(signer), "variables", variables,
                "attachments", List.of(Map.of("filename", reference + "-certificate.pdf", "contentType", "application/pdf",
                        "base64", Base64.getEncoder().encodeToString(pdf))));
        Map<String, Object> first = new java.util.HashMap<>(request);
        first.put("requestId", unique("r"));
        KafkaEvents.publish("notification-requests", "p-nda2", REQUESTED, json(first));
        List<Mailbox.Received> both = Mailbox.awaitCount(signer, 2);
        Mailbox.Received record = both.stream().filter(m -> m.subject().contains(reference)).findFirst().orElseThrow();
        assertEquals("سجل توقيع اتفاقية عدم الإفصاح " + reference, record.subject(), "the signer's remembered language");
        assertTrue(record.text().contains("مرحباً Maryam"), record.text());
        assertArrayEquals(pdf, record.attachments().get(reference + "-certificate.pdf"));
        String deliveryId = "nda-record:" + reference + ":nda_signed_signer_record:" + signer;
        assertEquals(deliveryId, record.deliveryId());
        assertEquals(DeliveryDispatcher.messageId(deliveryId), record.messageId(), "a stable Message-ID for de-duplication");

        // the same record asked for again under another request id (a producer's retry): still one record
        Map<String, Object> again = new java.util.HashMap<>(request);
        again.put("requestId", unique("r"));
        KafkaEvents.publish("notification-requests", "p-nda2", REQUESTED, json(again));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6)).until(() -> Mailbox.of(signer).size() == 2);
        given().auth().oauth2(Tokens.admin()).when().get("/api/notifications/deliveries/" + deliveryId)
                .then().statusCode(200).body("attachments[0].filename", equalTo(reference + "-certificate.pdf"))
                .body("attachments[0].size", equalTo(pdf.length)).body("audience", equalTo("partner"))
                .body(not(containsString("base64")));
    }

    @Test
    void eachRecipientOfARequestGetsItsOwnLanguageAndTheAttachments() {
        String arabic = unique("lang-ar") + "@example.com";
        String english = unique("lang-en") + "@example.com";
        String chosen = unique("lang-chosen") + "@example.com";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("lang", "ar"))
                .when().put("/api/notifications/recipients/" + chosen)
                .then().statusCode(200).body("lang", equalTo("ar")).body("source", equalTo("admin"));
        byte[] pdf = "%PDF-1.4 portal guide".getBytes(StandardCharsets.UTF_8);
        String eventId = KafkaEvents.publish("notification-requests", "p-lang", REQUESTED, json(Map.of(
                "template", "portal_access", "partnerId", "p-lang",
                "recipients", List.of(Map.of("email", arabic, "lang", "ar"), english, chosen),
                "variables", Map.of("partnerName", "Usman", "portalUrl", "http://portal/portal/p1.t"),
                "attachments", List.of(Map.of("filename", "guide.pdf", "contentType", "application/pdf",
                        "base64", Base64.getEncoder().encodeToString(pdf))))));
        assertEquals("بوابة الشريك الخاصة بـ Usman", Mailbox.awaitOne(arabic, m -> true).subject());
        Mailbox.Received en = Mailbox.awaitOne(english, m -> true);
        assertEquals("Your Usman partner portal", en.subject());
        assertTrue(en.text().startsWith("Hello,"), "no name given, no name printed: " + en.text());
        assertArrayEquals(pdf, en.attachments().get("guide.pdf"));
        assertEquals("بوابة الشريك الخاصة بـ Usman", Mailbox.awaitOne(chosen, m -> true).subject(), "the admin's choice");
        assertEquals(3, deliveriesOf(eventId).size());

        // a malformed attachment is not a message: the request goes to the dead-letter topic
        String marker = unique("bad-attachment");
        KafkaEvents.publishAll("notification-requests", List.of(KafkaEvents.Outgoing.breakingContract("p-lang", REQUESTED,
                json(Map.of("template", "portal_access", "recipients", List.of(english), "variables", Map.of("m", marker),
                        "attachments", List.of(Map.of("filename", "../../etc/passwd", "base64", "AAAA")))))));
        KafkaEvents.await("notification-requests.notification-service.dlq", r -> r.data() != null && r.data().contains(marker),
                1, Duration.ofSeconds(20));
    }
}

package org.partnerportal.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.EventType;
import org.partnerportal.events.NdaEvents;
import org.partnerportal.testsupport.EventFixtures;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.notification.config.NotificationConfig;
import org.partnerportal.notification.domain.PartnerEntry;
import org.partnerportal.notification.service.EventMailRules;
import org.partnerportal.notification.service.MailRequest;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The mails an event asks for, with the NDA event path switched on (pp.notification.nda-event-mails). */
class EventMailRulesTest {

    static NotificationConfig config(boolean ndaEventMails) {
        return new NotificationConfig() {
            public int maxAttempts() { return 3; }
            public Duration retryBackoff() { return Duration.ofSeconds(1); }
            public Duration maxBackoff() { return Duration.ofSeconds(10); }
            public Duration sendLease() { return Duration.ofSeconds(5); }
            public Duration pollInterval() { return Duration.ofSeconds(1); }
            public String defaultLang() { return "en"; }
            public boolean ndaEventMails() { return ndaEventMails; }
            public long maxAttachmentBytes() { return 1000; }
            public int massMailPerMinute() { return 60; }
            public int massMailMaxRecipients() { return 10; }
            public List<String> adminEmails() { return List.of("a1@x.test", "a2@x.test"); }
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** As the consumer reads it: {@code type}'s sample with {@code fields} laid over it, held to the schema. */
    static IncomingEvent event(EventType<?> type, Object fields) throws Exception {
        return IncomingEvent.read("e-1", type.ceType(), "p-1", Instant.now(), "/test",
                EventFixtures.json(type, JSON.writeValueAsString(fields)), JSON);
    }

    private static EventMailRules rules(boolean ndaEventMails) {
        return new EventMailRules(config(ndaEventMails), JSON);
    }

    @Test
    void withTheEventPathOnAnNdaSignatureAlertsEachAdminAndSendsTheSignerTheRecordWithACertificate() throws Exception {
        var signed = event(NdaEvents.NDA_SIGNED, Map.of("partnerId", "p-1", "partnerName", "MOL", "reference", "NDA-00007",
                "signerName", "Maryam", "signerEmail", "maryam@x.test", "signerTitle", "CFO", "textSha256", "ab12".repeat(16),
                "signedAt", "2030-01-01T08:00:00Z"));
        List<MailRequest> mails = rules(true).mailsFor(signed, null);
        assertEquals(3, mails.size());
        MailRequest record = mails.stream().filter(r -> r.template().equals("nda_signed_signer_record")).findFirst().orElseThrow();
        assertEquals("maryam@x.test", record.recipient());
        assertEquals("nda-record:NDA-00007", record.sourceId(), "shared with nda-service's request for the same record");
        String certificate = new String(Base64.getDecoder().decode(record.attachments().get(0).base64), StandardCharsets.UTF_8);
        assertEquals("NDA-00007-certificate.html", record.attachments().get(0).filename);
        assertTrue(certificate.contains("NDA-00007") && certificate.contains("CFO") && certificate.contains("ab12"), certificate);
        assertTrue(mails.stream().filter(r -> r.template().equals("nda_signed_admin_alert"))
                .allMatch(r -> r.audience().equals(MailRequest.ADMIN) && "nda-alert:NDA-00007".equals(r.sourceId())));

        PartnerEntry known = new PartnerEntry();
        known.name = "Ooredoo";
        var viewed = event(NdaEvents.PROPOSAL_VIEWED, Map.of("partnerId", "p-1", "section", "hero", "first", true));
        List<MailRequest> alerts = rules(true).mailsFor(viewed, known);
        assertEquals(2, alerts.size());
        assertEquals("Ooredoo", alerts.get(0).variables().get("partnerName"), "the name from the partner projection");
    }

    @Test
    void byDefaultNdaServiceRequestsThoseMailsAndTheEventsSendNone() throws Exception {
        var rules = rules(false);
        assertTrue(rules.mailsFor(event(NdaEvents.NDA_SIGNED, Map.of("partnerId", "p-1", "reference", "NDA-00001", "signerEmail", "s@x.test")), null).isEmpty());
        assertTrue(rules.mailsFor(event(NdaEvents.PROPOSAL_VIEWED, Map.of("partnerId", "p-1", "first", true)), null).isEmpty());
    }
}

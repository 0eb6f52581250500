package org.partnerportal.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.unique;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The approval or denial goes out in the language the requester used on the register page (the event's lang). */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class RegistrantLanguageTest {

    @Test
    void anArabicRequesterIsAnsweredInArabic() {
        String approved = unique("ar-approved") + "@example.com";
        String partnerId = UUID.randomUUID().toString();
        KafkaEvents.publish(PartnerEvents.ACCESS_APPROVED, partnerId, json(Map.of("requestId",
                unique("r"), "partnerId", partnerId, "partnerName", "Sohar Robotics", "name", "Rana", "email", approved,
                "company", "Sohar Robotics LLC", "reviewedBy", "admin-id", "reviewedAt", Instant.now().toString(),
                "portalUrl", "http://localhost:8080/partner", "lang", "ar")));
        Mailbox.Received yes = Mailbox.awaitOne(approved, m -> true);
        assertEquals("تمت الموافقة على وصولك كشريك إلى Sohar Robotics", yes.subject());
        assertTrue(yes.text().startsWith("مرحباً Rana"), yes.text());

        String denied = unique("ar-denied") + "@example.com";
        KafkaEvents.publish(PartnerEvents.ACCESS_DENIED, "req-ar", json(Map.of("requestId", unique("r"),
                "name", "Said", "email", denied, "company", "Muscat Labs", "lang", "ar")));
        assertEquals("طلب الوصول كشريك", Mailbox.awaitOne(denied, m -> true).subject());

        // and in English when the page was English
        String english = unique("en-denied") + "@example.com";
        KafkaEvents.publish(PartnerEvents.ACCESS_DENIED, "req-en", json(Map.of("requestId", unique("r"),
                "name", "Said", "email", english, "company", "Muscat Labs", "lang", "en")));
        assertEquals("Your partner access request", Mailbox.awaitOne(english, m -> true).subject());
    }
}

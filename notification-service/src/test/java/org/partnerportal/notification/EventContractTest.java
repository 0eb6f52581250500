package org.partnerportal.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.unique;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.NotificationEvents;
import org.partnerportal.testsupport.EventContract;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The published contract of {@code notification-events} ({@link EventContract}): both types have a
 * schema naming exactly their payload record's fields, the AsyncAPI document lists them, and what
 * real deliveries put on the topic carries this service's CloudEvents attributes and validates. The
 * deliveries are requested as nda-service requests them: a message to a partner's contact, an alert
 * to the admins about a partner, and a request whose template cannot be rendered (failed).
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class EventContractTest {

    private static final EventContract CONTRACT = EventContract.of(NotificationEvents.TOPIC, "notification-service");
    private static final String REQUESTED = "partnerportal.NotificationRequested.v1";

    private static final Set<String> TYPES = EventContract.names(NotificationEvents.ALL);

    @Test
    void everyTypeHasASchemaOfItsRecordAndTheAsyncApiDocumentListsThem() {
        CONTRACT.assertDeclares(NotificationEvents.ALL);
    }

    @Test
    void whatRealDeliveriesPublishMatchesTheContract() {
        String partnerId = unique("p");
        String contact = unique("contract") + "@example.com";
        String toPartner = KafkaEvents.publish("notification-requests", partnerId, REQUESTED, json(Map.of(
                "template", "portal_access", "to", List.of(contact), "partnerId", partnerId, "lang", "en",
                "variables", Map.of("contactName", "Khalid", "partnerName", "Bank Sohar", "portalUrl", "http://x/portal/t",
                        "expiresAt", "2030-01-01T00:00:00Z"))));
        String toAdmins = KafkaEvents.publish("notification-requests", partnerId, REQUESTED, json(Map.of(
                "template", "proposal_first_view_admin_alert", "recipients", List.of(unique("admin") + "@example.com"),
                "partnerId", partnerId, "variables", Map.of("partnerName", "Bank Sohar"))));
        String unrenderable = KafkaEvents.publish("notification-requests", partnerId, REQUESTED, json(Map.of(
                "template", "portal_access", "to", List.of(contact), "partnerId", partnerId,
                "variables", Map.of("contactName", "Nobody"))));

        Set<String> sources = Set.of(toPartner, toAdmins, unrenderable);
        List<KafkaEvents.Recorded> published = KafkaEvents.await(NotificationEvents.TOPIC,
                r -> sources.contains(EventContract.data(r).path("sourceEventId").asText()), 3, Duration.ofSeconds(30));
        CONTRACT.assertPublishedMatch(published, TYPES);
        // keyed by the partner the message is about (an admin alert's too), as the schemas say
        published.forEach(r -> assertEquals(partnerId, r.key(), r.data()));
        assertEquals(Set.of("partner", "admin"), published.stream()
                .map(r -> EventContract.data(r).path("audience").asText()).collect(java.util.stream.Collectors.toSet()));
    }

    /** The check is not a rubber stamp: a record's broken field, or its missing one, is refused. */
    @Test
    void aBrokenPayloadIsRefused() {
        ObjectNode valid = Fixtures.JSON.createObjectNode().put("deliveryId", "e-1:portal_access:c@example.com")
                .put("sourceEventId", "e-1").put("sourceEventType", REQUESTED).put("template", "portal_access")
                .put("lang", "en").put("partnerId", "p-1").put("audience", "partner").put("recipient", "c@example.com")
                .put("subject", "Your portal").put("attempts", 1).put("sentAt", "2030-06-01T10:00:00Z");
        assertEquals(Set.of(), CONTRACT.validate("NotificationSent", valid));
        assertFalse(CONTRACT.validate("NotificationSent", valid.deepCopy().put("sentAt", "yesterday")).isEmpty());
        assertFalse(CONTRACT.validate("NotificationSent", valid.deepCopy().put("recipient", "not a mailbox")).isEmpty());
        ObjectNode missing = valid.deepCopy();
        missing.remove("deliveryId");
        assertFalse(CONTRACT.validate("NotificationSent", missing).isEmpty());
    }
}

package org.partnerportal.gateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Path parameters that are not plain ids. A delivery row's id is
 * {@code <source id>:<template>:<recipient>} (notification-service), so the delivery log's
 * {@code GET /api/notifications/deliveries/{deliveryId}} must take {@code :}, {@code @} and {@code +},
 * raw or percent-encoded; before, every real row id was "No API at this path" (found by
 * DuplicatePublishIT).
 */
class PolicyTableTest {

    @Test
    void aDeliveryRowIdReachesItsRoute() {
        String id = "904035d5-0d88-4d00-ac38-db306b369d30:proposal_first_view_alert:admin+ops@partnerportal.test";
        assertEquals(id, PolicyTable.match("GET", "/api/notifications/deliveries/" + id).orElseThrow()
                .params().get("deliveryId"));
        String encoded = id.replace(":", "%3A").replace("@", "%40").replace("+", "%2B");
        assertTrue(PolicyTable.match("GET", "/api/notifications/deliveries/" + encoded).isPresent());
    }

    @Test
    void otherParametersStayPlainIds() {
        assertTrue(PolicyTable.match("GET", "/api/partners/a:b").isEmpty());
        assertTrue(PolicyTable.match("GET", "/api/notifications/deliveries/a b").isEmpty());
        assertTrue(PolicyTable.match("GET", "/api/notifications/deliveries/a/b").isEmpty());
    }
}

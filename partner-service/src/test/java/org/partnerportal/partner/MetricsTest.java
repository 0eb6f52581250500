package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.partner.Fixtures.createPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.PrometheusText;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The Prometheus endpoint: business counters count committed facts only; outbox backlog and consumer lag are exposed. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class MetricsTest {

    private static PrometheusText scrape() {
        return PrometheusText.parse(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double accessRequests(String outcome) {
        return scrape().sum("pp_access_requests_total", "outcome", outcome, "service", "partner-service");
    }

    private static String register(String email, int status) {
        return given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON)
                .body(Map.of("name", "Metrics Person", "email", email, "company", "Metrics Co"))
                .when().post("/api/partner/register")
                .then().statusCode(status).extract().path("id");
    }

    @Test
    void accessRequestsCountWhenStoredOrReviewedNotWhenRefused() {
        double received = accessRequests("received");
        double approved = accessRequests("approved");
        double denied = accessRequests("denied");
        double created = scrape().sum("pp_partners_created_total");

        String email = unique("metrics") + "@example.com";
        String id = register(email, 202);
        register(email, 409); // the same pending request again: refused, not counted
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("notes", "No"))
                .when().post("/api/access-requests/" + id + "/deny").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("notes", "No"))
                .when().post("/api/access-requests/" + id + "/deny").then().statusCode(200); // already denied: no fact
        String partnerId = createPartner(unique("Metrics Partner"));
        String approvedId = register(unique("metrics-ok") + "@example.com", 202);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("partnerId", partnerId))
                .when().post("/api/access-requests/" + approvedId + "/approve").then().statusCode(200);

        assertEquals(received + 2, accessRequests("received"));
        assertEquals(denied + 1, accessRequests("denied"));
        assertEquals(approved + 1, accessRequests("approved"));
        assertEquals(created + 1, scrape().sum("pp_partners_created_total"));
    }

    @Test
    void outboxBacklogAndKafkaConsumerLagAreExposed() {
        // the gauge counts in the background when read, so the second scrape has a figure
        await().atMost(Duration.ofSeconds(15)).until(() -> scrape().has("pp_outbox_backlog", "service", "partner-service"));
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape().names().stream()
                .anyMatch(n -> n.startsWith("kafka_consumer_fetch_manager_records_lag")));
    }
}

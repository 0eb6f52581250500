package org.partnerportal.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.notification.repository.DeliveryRepository;
import org.partnerportal.notification.repository.MailingRepository;
import org.partnerportal.notification.repository.PartnerRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** A mailing's audience by tag (beside tier and stage), and its preview, which sends and writes nothing. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class MailingPreviewTest {

    @Inject
    PartnerRepository partners;
    @Inject
    MailingRepository mailings;
    @Inject
    DeliveryRepository deliveries;

    private String partner(String name, String tier, List<String> tags, String email) {
        String id = unique("pv");
        KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, id, json(Map.of("partnerId", id, "name", name,
                "tier", tier, "stage", "active", "primaryContact", Map.of("name", "Contact of " + name, "email", email),
                "tags", tags, "alumni", false, "createdBy", "admin", "createdAt", Instant.now().toString())));
        return id;
    }

    @Test
    void theAudienceIsChosenByTagAndThePreviewSendsNothing() {
        String marker = unique("t").replace('-', '_');
        String tag = "robotics-" + marker.replace('_', '-');
        String key = "preview_" + marker;
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON)
                .body(Map.of("subject", "News for {partnerName}", "textBody", "Dear {contactName}, {partnerName} is invited.",
                        "variables", List.of(Map.of("name", "contactName", "required", true),
                                Map.of("name", "partnerName", "required", true))))
                .when().put("/api/notifications/templates/" + key + "/en").then().statusCode(201);
        String a = partner("Alpha " + marker, "gold", List.of(tag), "alpha-" + marker + "@example.com");
        String b = partner("Beta " + marker, "silver", List.of(tag, "alumni-partner"), "beta-" + marker + "@example.com");
        String c = partner("Gamma " + marker, "gold", List.of("other"), "gamma-" + marker + "@example.com");
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(a, b, c).stream()
                .allMatch(id -> partners.findById(id).await().indefinitely() != null));

        given().auth().oauth2(Tokens.admin()).get("/api/notifications/mailings/templates").then().statusCode(200)
                .body("find { it.key == '" + key + "' }.variables", hasItem("partnerName"));
        JsonPath preview = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", key, "tags", List.of(tag)))
                .when().post("/api/notifications/mailings/preview").then().statusCode(200).extract().jsonPath();
        assertEquals(2, preview.getInt("recipients"));
        assertEquals(List.of("alpha-" + marker + "@example.com", "beta-" + marker + "@example.com"),
                preview.getList("sample.email").stream().sorted().toList());
        org.junit.jupiter.api.Assertions.assertTrue(preview.getString("subject").startsWith("News for "));
        org.junit.jupiter.api.Assertions.assertTrue(preview.getString("text").contains("is invited"));
        // tag and tier together: only beta is silver
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", key, "tags", List.of(tag), "tiers", List.of("silver")))
                .when().post("/api/notifications/mailings/preview").then().statusCode(200)
                .body("recipients", equalTo(1)).body("sample[0].partnerId", equalTo(b))
                .body("subject", equalTo("News for Beta " + marker));
        // nothing was written: no mailing, no delivery to these addresses
        assertEquals(0L, deliveries.count("recipient", "alpha-" + marker + "@example.com").await().indefinitely());
        assertEquals(0L, mailings.count("template", key).await().indefinitely());

        // the same request sent: the tag is kept on the mailing, two messages go
        String id = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", key, "tags", List.of(tag)))
                .when().post("/api/notifications/mailings").then().statusCode(201).body("recipients", equalTo(2))
                .body("tags", hasItem(tag)).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.admin())
                .get("/api/notifications/mailings/" + id).then().extract().jsonPath().getInt("deliveries.sent") == 2);

        // bad requests: refused with the reason, nothing written
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", key, "tags", List.of("nobody-has-this-" + marker)))
                .when().post("/api/notifications/mailings/preview").then().statusCode(422)
                .contentType("application/problem+json").body("type", containsString("no-recipients"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("template", "Not A Key"))
                .when().post("/api/notifications/mailings/preview").then().statusCode(400)
                .body("errors.field", hasItem("template"));
        given().auth().oauth2(Tokens.partner(a)).contentType(ContentType.JSON).body(Map.of("template", key))
                .when().post("/api/notifications/mailings/preview").then().statusCode(403);
    }
}

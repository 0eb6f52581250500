package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.getPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.EngagementEvents;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The directory filters by engagement level and by a contact's e-mail; the tier is accepted in any case. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class DirectoryFiltersTest {

    @Test
    void byEngagementLevelAndContactEmail() {
        String email = unique("Someone") + "@Filter.Example";
        Map<String, Object> b = body(unique("Filtered Co"));
        b.put("contacts", List.of(Fixtures.contact("Lead", "lead-" + unique("x") + "@example.com", true),
                Fixtures.contact("Other", email, false)));
        String high = create(b);
        String low = create(body(unique("Quiet Co")));
        for (String ev : List.of("f-ev-1", "f-ev-2", "f-ev-3")) {
            KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, high,
                    "{\"partnerId\":\"" + high + "\",\"eventId\":\"" + ev + "\",\"status\":\"prospect\"}");
        }
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "high".equals(getPartner(high).extract().path("engagement.engagementLevel")));

        given().auth().oauth2(Tokens.admin()).get("/api/partners?engagementLevel=HIGH&size=200").then().statusCode(200)
                .body("items.id", hasItem(high)).body("items.id", not(hasItem(low)))
                .body("items.engagement.engagementLevel", not(hasItem("low")));
        given().auth().oauth2(Tokens.admin()).get("/api/partners?engagementLevel=low&size=200").then().statusCode(200)
                .body("items.id", hasItem(low)).body("items.id", not(hasItem(high)));
        // a contact's address, whatever its case, finds the partner (not only its primary contact)
        given().auth().oauth2(Tokens.admin()).queryParam("contactEmail", email.toLowerCase()).get("/api/partners")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(high));
        // the address is matched whole and taken literally
        given().auth().oauth2(Tokens.admin()).queryParam("contactEmail", ".*").get("/api/partners")
                .then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(Tokens.admin()).get("/api/partners?engagementLevel=huge").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("engagementLevel"));
    }

    @Test
    void theTierIsAcceptedInAnyCase() {
        Map<String, Object> b = body(unique("Case Co"));
        b.put("tier", " Platinum ");
        String id = create(b);
        getPartner(id).statusCode(200).body("tier", equalTo("platinum"));
        given().auth().oauth2(Tokens.admin()).contentType("application/merge-patch+json").body(Map.of("tier", "SILVER"))
                .when().patch("/api/partners/" + id).then().statusCode(200).body("tier", equalTo("silver"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("tier", "Diamond"))
                .when().patch("/api/partners/" + id).then().statusCode(400).body("errors.field", hasItem("tier"));
        given().auth().oauth2(Tokens.admin()).get("/api/partners?tier=Silver&size=200").then().statusCode(200)
                .body("items.id", hasItem(id));
    }
}

package org.partnerportal.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.unique;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Templates, the mail configuration and the test message, through the HTTP API. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class NotificationApiTest {

    private static Map<String, Object> edit(String subject, String body) {
        return Map.of("subject", subject, "textBody", body);
    }

    @Test
    void rolesAreEnforcedOnEveryEndpoint() {
        record Call(String method, String path) {
        }
        List<Call> superAdminOnly = List.of(new Call("GET", "/api/notifications/templates"),
                new Call("GET", "/api/notifications/templates/partner_invite/en"),
                new Call("PUT", "/api/notifications/templates/partner_invite/en"),
                new Call("GET", "/api/notifications/config"),
                new Call("POST", "/api/notifications/test"));
        for (Call c : superAdminOnly) {
            for (String token : List.of(Tokens.admin(), Tokens.partner("p1"), Tokens.visitor(), Tokens.anonymous())) {
                given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").when().request(c.method(), c.path())
                        .then().statusCode(403).contentType("application/problem+json");
            }
            given().contentType(ContentType.JSON).body("{}").when().request(c.method(), c.path())
                    .then().statusCode(401).contentType("application/problem+json");
        }
        for (String token : List.of(Tokens.partner("p1"), Tokens.visitor())) {
            given().auth().oauth2(token).when().get("/api/notifications/deliveries").then().statusCode(403);
        }
        given().when().get("/api/notifications/deliveries").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).when().get("/api/notifications/deliveries").then().statusCode(200);
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/deliveries").then().statusCode(200);
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/config").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).when().get("/api/notifications/deliveries/nope")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).when().get("/api/notifications/deliveries?status=lost")
                .then().statusCode(400).body("errors.field", hasItem("status"));
        given().auth().oauth2(Tokens.admin()).when().get("/api/notifications/deliveries?size=201")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theBuiltInTemplatesAreListedWithTheirVariables() {
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/templates?key=partner_invite")
                .then().statusCode(200)
                .body("items.lang", hasItems("en", "ar"))
                .body("items[0].variables.name", hasItems("userName", "companyName", "url"))
                .body("items[0].builtIn", equalTo(true));
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/templates")
                .then().statusCode(200)
                .body("items.key", hasItems("partner_invite", "partner_access_approved", "partner_access_denied",
                        "proposal_invitation", "nda_signed_signer_record", "portal_access", "test_email"));
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/templates/partner_access_denied/en")
                .then().statusCode(200).body("variables.find { it.name == 'notes' }.required", equalTo(false));
    }

    @Test
    void anEditedTemplateIsUsedForTheNextMessage() {
        var original = given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/templates/partner_invite/en")
                .then().statusCode(200).extract().jsonPath();
        long version = original.getLong("version");
        String marker = unique("edited");
        String body = "Dear {userName}, welcome to {companyName}: {url} " + marker;
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON)
                .body(edit("Join {companyName} (" + marker + ")", body))
                .when().put("/api/notifications/templates/partner_invite/en")
                .then().statusCode(200).body("version", notNullValue()).body("updatedBy", equalTo("superadmin-id"))
                .body("textBody", equalTo(body));

        String email = unique("invitee") + "@example.com";
        KafkaEvents.publish(PartnerEvents.PARTNER_INVITED, "p-inv", json(Map.of("partnerId", "p-inv",
                "partnerName", "Mocipi", "name", "Huda", "email", email, "registerUrl", "http://localhost:8080/partner")));
        Mailbox.Received mail = Mailbox.awaitOne(email, m -> true);
        assertEquals("Join Mocipi (" + marker + ")", mail.subject());
        assertTrue(mail.text().startsWith("Dear Huda, welcome to Mocipi: http://localhost:8080/partner"), mail.text());

        // edits are versioned: the replaced text is kept, and putting it back is one more version
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON)
                .body(edit(original.getString("subject"), original.getString("textBody")))
                .when().put("/api/notifications/templates/partner_invite/en")
                .then().statusCode(200).body("version", equalTo((int) version + 2));
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/templates/partner_invite/en/versions")
                .then().statusCode(200)
                .body("items[0].version", equalTo((int) version + 1)).body("items[0].textBody", equalTo(body))
                .body("items[0].replacedBy", equalTo("superadmin-id"))
                .body("items[1].version", equalTo((int) version)).body("items[1].subject", equalTo(original.getString("subject")));
    }

    @Test
    void aTemplateEditIsCheckedAgainstItsVariables() {
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON)
                .body(edit("Hi {userName}", "Your password is {password}"))
                .when().put("/api/notifications/templates/partner_invite/en")
                .then().statusCode(422).contentType("application/problem+json").body("detail", containsString("password"));
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON)
                .body(Map.of("subject", "s", "textBody", "b", "variables", List.of(Map.of("name", "other", "required", true))))
                .when().put("/api/notifications/templates/partner_invite/en")
                .then().statusCode(422).body("type", startsWith("https://"));
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON)
                .body(edit("Hi {userName}", "{config:['quarkus.mailer.password']}"))
                .when().put("/api/notifications/templates/partner_invite/en")
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON)
                .body(edit("Hi {userName}", "{#if url}unclosed"))
                .when().put("/api/notifications/templates/partner_invite/en")
                .then().statusCode(422).body("type", org.hamcrest.Matchers.endsWith("invalid-template"));
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON).body(edit("s", "b"))
                .when().put("/api/notifications/templates/partner_invite/fr")
                .then().statusCode(400).body("errors.field", hasItem("lang"));
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON).body(Map.of("subject", ""))
                .when().put("/api/notifications/templates/partner_invite/en")
                .then().statusCode(400).body("errors.field", hasItems("subject", "textBody"));
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON).body("{\"subject\":\"s\",\"textBody\":\"b\",\"builtIn\":false}")
                .when().put("/api/notifications/templates/partner_invite/en")
                .then().statusCode(400).contentType("application/problem+json");
        // nothing above changed the template
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/templates/partner_invite/en")
                .then().statusCode(200).body("subject", org.hamcrest.Matchers.not(equalTo("s")));
    }

    @Test
    void aMassMailTemplateIsCreatedWithItsOwnVariables() {
        String key = "newsletter_" + unique("q").replace('-', '_');
        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON)
                .body(Map.of("subject", "News for {partnerName}", "textBody", "Hello {partnerName}",
                        "variables", List.of(Map.of("name", "partnerName", "required", true))))
                .when().put("/api/notifications/templates/" + key + "/en")
                .then().statusCode(201).header("Location", containsString("/api/notifications/templates/" + key + "/en"))
                .body("category", equalTo("mass_mail")).body("builtIn", equalTo(false)).body("version", equalTo(1));
        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/templates/" + key + "/ar")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theConfigurationShowsTheServerAndItsLastUseAndATestMessageArrives() {
        String to = unique("test") + "@example.com";
        String id = given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON).body(Map.of("to", to))
                .when().post("/api/notifications/test")
                .then().statusCode(201).header("Location", containsString("/api/notifications/deliveries/"))
                .body("status", equalTo("sent")).body("template", equalTo("test_email")).body("attempts", equalTo(1))
                .extract().path("id");
        Mailbox.Received mail = Mailbox.awaitOne(to, m -> true);
        assertEquals("Partner Portal test e-mail", mail.subject());
        assertEquals(id, mail.deliveryId());
        assertTrue(mail.text().contains("superadmin-id"));

        given().auth().oauth2(Tokens.superAdmin()).when().get("/api/notifications/config")
                .then().statusCode(200)
                .body("host", equalTo("127.0.0.1")).body("mock", equalTo(false))
                .body("password", nullValue())
                .body("adminRecipients", hasItem("admin@partnerportal.test"))
                .body("lastUsedAt", notNullValue()).body("lastSuccessAt", notNullValue()).body("sent", notNullValue());

        given().auth().oauth2(Tokens.superAdmin()).contentType(ContentType.JSON).body(Map.of("to", "not-an-address"))
                .when().post("/api/notifications/test")
                .then().statusCode(400).body("errors.field", hasItem("to"));
    }
}

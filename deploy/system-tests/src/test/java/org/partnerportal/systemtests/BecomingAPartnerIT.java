package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;

/**
 * Becoming a partner, end to end against the real Keycloak: an approved access request makes the
 * requester a partner user of that partner. Someone who has an account gets role {@code partner}
 * and claim {@code partnerId} in their next token and sees their partner through the gateway;
 * someone who has none gets an account with the set-password and verify-e-mail actions, and
 * Keycloak's own mail for them arrives through the stack's SMTP. Approving twice changes nothing.
 */
class BecomingAPartnerIT {

    private static final String REALM_ADMIN = "/admin/realms/partner-portal";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    /** A master-realm token of Keycloak's bootstrap admin, to set up and inspect users as an operator would. */
    static String kcadmin() {
        String password;
        try {
            password = Files.readString(Stack.DIR.resolve("secrets/keycloak-bootstrap-admin-password")).trim();
        } catch (IOException e) {
            throw new IllegalStateException("The stack's Keycloak admin password is unreadable", e);
        }
        return given().baseUri(Stack.keycloak()).formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "kcadmin").formParam("password", password)
                .when().post("/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    static String createUser(String email, String password, String first, String last) {
        String location = given().baseUri(Stack.keycloak()).auth().oauth2(kcadmin()).contentType(ContentType.JSON)
                .body(Map.of("username", email, "email", email, "firstName", first, "lastName", last, "enabled", true,
                        "emailVerified", true, "credentials",
                        List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .when().post(REALM_ADMIN + "/users")
                .then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static JsonNode userByEmail(String email) {
        JsonNode users = json(given().baseUri(Stack.keycloak()).auth().oauth2(kcadmin())
                .queryParam("email", email).queryParam("exact", true)
                .when().get(REALM_ADMIN + "/users").then().statusCode(200).extract().asString());
        return users.isEmpty() ? null : users.get(0);
    }

    private static JsonNode user(String id) {
        return json(given().baseUri(Stack.keycloak()).auth().oauth2(kcadmin()).when().get(REALM_ADMIN + "/users/" + id)
                .then().statusCode(200).extract().asString());
    }

    private static List<String> realmRoles(String id) {
        return given().baseUri(Stack.keycloak()).auth().oauth2(kcadmin())
                .when().get(REALM_ADMIN + "/users/" + id + "/role-mappings/realm")
                .then().statusCode(200).extract().jsonPath().getList("name");
    }

    private static String passwordGrant(String username, String password) {
        return given().baseUri(Stack.keycloak()).formParam("grant_type", "password")
                .formParam("client_id", "partner-portal-cli").formParam("username", username)
                .formParam("password", password).formParam("scope", "openid")
                .when().post("/realms/partner-portal/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static JsonNode claims(String jwt) {
        return json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static boolean isPartnerOfDemo(JsonNode claims) {
        boolean role = false;
        for (JsonNode r : claims.path("realm_access").path("roles")) {
            role |= "partner".equals(r.asText());
        }
        return role && Stack.DEMO_PARTNER.equals(claims.path("partnerId").asText());
    }

    static void approve(String requestId) {
        given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin")).contentType(ContentType.JSON)
                .body(Map.of("partnerId", Stack.DEMO_PARTNER))
                .when().post("/api/access-requests/" + requestId + "/approve")
                .then().statusCode(200).body("status", equalTo("approved")).body("partnerId", equalTo(Stack.DEMO_PARTNER));
    }

    private static String partnerIdAttribute(JsonNode user) {
        JsonNode v = user.path("attributes").path("partnerId");
        return v.isArray() && !v.isEmpty() ? v.get(0).asText() : null;
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRequesterWithAnAccountGetsRoleAndPartnerInTheNextTokenAndApprovingTwiceChangesNothing() {
        String email = "lina." + UUID.randomUUID().toString().substring(0, 8) + "@khalili-labs.example";
        String password = "pw-" + UUID.randomUUID();
        String userId = createUser(email, password, "Lina", "Khalili");
        // before: a plain signed-in user
        assertTrue(!isPartnerOfDemo(claims(passwordGrant(email, password))));

        String requestId = AccessFlowIT.register("Lina Khalili", email, "Khalili Labs " + userId.substring(0, 6),
                "We would like to join the demo partner.");
        approve(requestId);

        String token = await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> passwordGrant(email, password), t -> isPartnerOfDemo(claims(t)));
        given().baseUri(Stack.gateway()).auth().oauth2(token).when().get("/api/partner/me")
                .then().statusCode(200).body("id", equalTo(Stack.DEMO_PARTNER)).body("name", equalTo("Demo Partner"));

        JsonNode before = user(userId);
        List<String> rolesBefore = realmRoles(userId);
        assertEquals(Stack.DEMO_PARTNER, partnerIdAttribute(before));
        assertTrue(rolesBefore.contains("partner"), rolesBefore.toString());
        assertTrue(before.path("requiredActions").isEmpty(), "an existing account gets no required actions: " + before);

        // approving again: the same answer, and nothing changes in Keycloak
        approve(requestId);
        // a second request by the same person, approved for the same partner, is a new event: still nothing changes
        String second = AccessFlowIT.register("Lina Khalili", email, "Khalili Labs again " + userId.substring(0, 6), "Again.");
        approve(second);
        AccessFlowIT.awaitEvent("partner-events", "partnerportal.AccessApproved.v1", "requestId", second);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> user(userId).equals(before) && realmRoles(userId).equals(rolesBefore));
        assertTrue(isPartnerOfDemo(claims(passwordGrant(email, password))));
    }

    @Test
    void aRequesterWithoutAnAccountGetsOneAndKeycloaksSetPasswordMail() {
        String email = "yusuf." + UUID.randomUUID().toString().substring(0, 8) + "@newcomer.example";
        String requestId = AccessFlowIT.register("Yusuf Haddad", email, "Newcomer " + UUID.randomUUID().toString().substring(0, 6),
                "No account yet.");
        assertEquals(null, userByEmail(email), "no account before the approval");
        approve(requestId);

        JsonNode user = await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> userByEmail(email),
                u -> u != null && realmRoles(u.path("id").asText()).contains("partner"));
        String id = user.path("id").asText();
        user = user(id);
        assertEquals(email, user.path("username").asText());
        assertEquals("Yusuf", user.path("firstName").asText());
        assertEquals("Haddad", user.path("lastName").asText());
        assertTrue(user.path("enabled").asBoolean());
        assertTrue(!user.path("emailVerified").asBoolean());
        assertEquals(Stack.DEMO_PARTNER, partnerIdAttribute(user));
        List<String> actions = JSON.convertValue(user.path("requiredActions"), List.class);
        assertTrue(actions.contains("UPDATE_PASSWORD") && actions.contains("VERIFY_EMAIL"), actions.toString());

        // Keycloak's own mail with its action link, through GreenMail
        Mailbox.Mail mail = await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> Mailbox.of(email).stream().filter(m -> (m.text() + m.html()).contains("action-token"))
                        .findFirst(), java.util.Optional::isPresent).get();
        assertEquals(List.of(email), mail.to());
        assertNotNull(mail.subject());
        // and the portal's approval mail too
        AccessFlowIT.awaitMail(email, "Demo Partner");
    }
}

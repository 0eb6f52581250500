package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnerportal.events.PartnerEvents;
import org.partnerportal.partner.domain.Membership;
import org.partnerportal.partner.identity.FakeKeycloak;
import org.partnerportal.partner.identity.FakeKeycloakResource;
import org.partnerportal.partner.repository.MembershipRepository;
import org.partnerportal.testsupport.LogCapture;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * An approval makes the requester a partner user in Keycloak, against a fake Keycloak admin API
 * that answers like the real one and records every call (the real one is exercised by the system
 * test {@code BecomingAPartnerIT}).
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(FakeKeycloakResource.class)
class IdentityProvisioningTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LogCapture log;

    @Inject
    MembershipRepository memberships;

    private final FakeKeycloak keycloak = FakeKeycloak.get();

    @ConfigProperty(name = "pp.partner.identity.client-secret-file")
    String secretFile;

    @BeforeAll
    static void captureLogs() {
        log = LogCapture.of("");
    }

    @AfterAll
    static void noSecretOrTokenWasLogged() {
        log.close();
        List<String> secretsAndTokens = new ArrayList<>(FakeKeycloak.get().secrets());
        secretsAndTokens.add("fake-token-");
        log.assertNoLineContains(secretsAndTokens);
    }

    @AfterEach
    void keycloakBack() {
        keycloak.down = false;
    }

    private static String register(String name, String email) {
        return given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "email", email, "company", "Identity Co"))
                .when().post("/api/partner/register").then().statusCode(202).extract().path("id");
    }

    private static void approve(String requestId, String partnerId) {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("partnerId", partnerId))
                .when().post("/api/access-requests/" + requestId + "/approve").then().statusCode(200);
    }

    private Membership membership(String email, String partnerId) {
        return memberships.findById(Membership.idOf(email, partnerId)).await().atMost(Duration.ofSeconds(5));
    }

    private Membership awaitProvisioned(String email, String partnerId) {
        return await().atMost(WAIT).until(() -> membership(email, partnerId), m -> m != null && m.provisionedAt != null);
    }

    private static String partnerIdOf(JsonObject user) {
        JsonArray values = user.getJsonObject("attributes", new JsonObject()).getJsonArray("partnerId");
        return values == null || values.isEmpty() ? null : values.getString(0);
    }

    @Test
    void aNewRequesterGetsAnAccountWithRoleAndPartnerAndKeycloaksSetPasswordMail() {
        String partner = create(body(unique("Newcomer Co")));
        String email = unique("newcomer") + "@example.com";
        approve(register("Noor Al Said", email), partner);

        Membership m = awaitProvisioned(email, partner);
        JsonObject user = keycloak.userByEmail(email);
        assertNotNull(user, "the user was created");
        assertEquals(user.getString("id"), m.identityUserId);
        assertEquals(Boolean.TRUE, m.identityCreated);
        assertEquals(email, user.getString("username"));
        assertEquals("Noor", user.getString("firstName"));
        assertEquals("Al Said", user.getString("lastName"));
        assertEquals(Boolean.TRUE, user.getBoolean("enabled"));
        assertEquals(Boolean.FALSE, user.getBoolean("emailVerified"));
        assertEquals(partner, partnerIdOf(user));
        assertEquals(List.of("UPDATE_PASSWORD", "VERIFY_EMAIL"), user.getJsonArray("requiredActions").getList());
        assertTrue(keycloak.roles(m.identityUserId).contains("partner"), keycloak.roles(m.identityUserId).toString());

        List<FakeKeycloak.Call> mails = keycloak.callsAbout(m.identityUserId).stream()
                .filter(c -> c.is("PUT", "/execute-actions-email")).toList();
        assertEquals(1, mails.size(), "one set-password mail");
        assertEquals("[\"UPDATE_PASSWORD\",\"VERIFY_EMAIL\"]", mails.get(0).body());
        assertTrue(mails.get(0).query().contains("lifespan=604800"), mails.get(0).query());
        assertTrue(mails.get(0).query().contains("client_id=partner-portal-cli"), mails.get(0).query());
        assertTrue(mails.get(0).query().contains("redirect_uri="), mails.get(0).query());
    }

    @Test
    void anExistingUserGetsThePartnerAttributeAndRoleAndKeepsItsOtherAttributes() {
        String partner = create(body(unique("Known Co")));
        String email = unique("known") + "@example.com";
        String userId = keycloak.addUser(unique("known-user"), email,
                new JsonObject().put("department", new JsonArray().add("Research")));
        approve(register("Known Person", email), partner);

        Membership m = awaitProvisioned(email, partner);
        assertEquals(userId, m.identityUserId);
        assertEquals(Boolean.FALSE, m.identityCreated);
        JsonObject user = keycloak.user(userId);
        assertEquals(partner, partnerIdOf(user));
        assertEquals(List.of("Research"), user.getJsonObject("attributes").getJsonArray("department").getList());
        assertTrue(keycloak.roles(userId).contains("partner"));
        assertTrue(keycloak.calls().stream().noneMatch(c -> c.is("POST", "/users") && c.body().contains(email)),
                "no second account");
        assertTrue(keycloak.callsAbout(userId).stream().noneMatch(c -> c.is("PUT", "/execute-actions-email")),
                "an existing user gets no set-password mail");
    }

    @Test
    void anotherPartnersAccountIsNeverMovedAndTheAdminIsToldWhy() {
        String owner = create(body(unique("Owner Co")));
        String other = create(body(unique("Other Co")));
        String email = unique("taken") + "@example.com";
        String userId = keycloak.addUser(unique("taken-user"), email,
                new JsonObject().put("partnerId", new JsonArray().add(owner)));
        keycloak.grant(userId, "partner");
        String requestId = register("Taken Person", email);
        int writesBefore = (int) writes(userId);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("partnerId", other))
                .when().post("/api/access-requests/" + requestId + "/approve").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/account-of-another-partner"))
                .body("detail", org.hamcrest.Matchers.containsString("belongs to another partner"))
                .body("ownerPartnerId", org.hamcrest.Matchers.equalTo(owner));

        // nothing half-written: the request is still pending, the account unchanged, no event
        given().auth().oauth2(Tokens.admin()).get("/api/access-requests/" + requestId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("pending"));
        assertEquals(owner, partnerIdOf(keycloak.user(userId)));
        assertEquals(writesBefore, writes(userId));
        assertNull(membership(email, other));
        assertTrue(KafkaEvents.all("partner-events").stream()
                .noneMatch(r -> r.type().contains("AccessApproved") && r.data().contains(requestId)));
    }

    @Test
    void aStaffAccountIsNeverMadeAPartnerUser() {
        String partner = create(body(unique("Staff Co")));
        String email = unique("staff") + "@example.com";
        String userId = keycloak.addUser(unique("staff-user"), email, new JsonObject());
        keycloak.grant(userId, "admin");
        String requestId = register("Staff Person", email);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("partnerId", partner))
                .when().post("/api/access-requests/" + requestId + "/approve").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/staff-account"))
                .body("detail", org.hamcrest.Matchers.containsString("staff account"));
        assertFalse(keycloak.roles(userId).contains("partner"));
        assertNull(partnerIdOf(keycloak.user(userId)));
        given().auth().oauth2(Tokens.admin()).get("/api/access-requests/" + requestId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("pending"));
    }

    @Test
    void approvingTwiceOrReceivingTheEventTwiceChangesNothing() {
        String partner = create(body(unique("Twice Co")));
        String email = unique("twice") + "@example.com";
        String requestId = register("Twice Person", email);
        approve(requestId, partner);
        Membership first = awaitProvisioned(email, partner);
        String userId = first.identityUserId;
        int callsBefore = keycloak.callsAbout(userId).size();
        long writesBefore = writes(userId);

        // the same approval again (answered from the stored state) ...
        approve(requestId, partner);
        // ... the same event delivered again ...
        KafkaEvents.Recorded event = KafkaEvents.await("partner-events", r -> PartnerEvents.ACCESS_APPROVED.ceType().equals(r.type())
                && r.data().contains(requestId), 1, WAIT).get(0);
        KafkaEvents.publish("partner-events", event.key(), event.id(), event.type(), event.data());
        // ... and a second request by the same person, approved for the same partner
        approve(register("Twice Person", email), partner);

        // both deliveries are handled: each reads the user's role mappings once more
        await().atMost(WAIT).until(() -> keycloak.callsAbout(userId).stream()
                .filter(c -> c.is("GET", "/role-mappings/realm")).count() >= 3);
        assertEquals(writesBefore, writes(userId), "no write to Keycloak: " + keycloak.callsAbout(userId).subList(callsBefore,
                keycloak.callsAbout(userId).size()));
        assertEquals(1, keycloak.calls().stream().filter(c -> c.is("POST", "/users") && c.body().contains(email)).count());
        Membership after = membership(email, partner);
        assertEquals(first.provisionedAt, after.provisionedAt);
        assertEquals(userId, after.identityUserId);
    }

    @Test
    void whileKeycloakIsDownTheEventIsRetriedThenDeadLetteredAndNothingIsLost() {
        String partner = create(body(unique("Outage Co")));
        String email = unique("outage") + "@example.com";
        String requestId = register("Outage Person", email);
        long tokenRequests = keycloak.tokenRequests();
        long callsBefore = keycloak.calls().size();
        keycloak.down = true;
        approve(requestId, partner);

        KafkaEvents.Recorded dead = KafkaEvents.await("partner-events.partner-service.dlq",
                r -> r.data() != null && r.data().contains(requestId), 1, WAIT).get(0);
        // the first attempt and two retries (%test), each starting with a token or admin call that got 503
        assertTrue(keycloak.calls().size() - callsBefore >= 3, "retried: " + (keycloak.calls().size() - callsBefore) + " calls");
        Membership kept = membership(email, partner);
        assertNotNull(kept, "the membership is stored before Keycloak is asked");
        assertNull(kept.provisionedAt);
        assertNull(keycloak.userByEmail(email));
        assertTrue(keycloak.tokenRequests() >= tokenRequests);

        // nothing lost: the dead-lettered event, replayed once Keycloak is back, provisions the user
        keycloak.down = false;
        KafkaEvents.publish(PartnerEvents.TOPIC, partner, dead.id() != null ? dead.id() : java.util.UUID.randomUUID().toString(),
                PartnerEvents.ACCESS_APPROVED.ceType(), dead.data());
        Membership m = awaitProvisioned(email, partner);
        assertEquals(partner, partnerIdOf(keycloak.user(m.identityUserId)));
        assertTrue(keycloak.roles(m.identityUserId).contains("partner"));
    }

    @Test
    void aRotatedSecretFileIsReadAgainWhenKeycloakRefusesTheOldSecret() throws Exception {
        String partner = create(body(unique("Rotation Co")));
        String before = unique("before-rotation") + "@example.com";
        approve(register("Before Rotation", before), partner);
        awaitProvisioned(before, partner); // a token is held, got with the old secret
        int refusedGrants = keycloak.refusedGrants();

        // an administrator rotates the secret: Keycloak and the mounted file change, the service is not restarted
        String rotated = "rotated-" + java.util.UUID.randomUUID();
        keycloak.rotateSecret(rotated);
        java.nio.file.Files.writeString(java.nio.file.Path.of(secretFile), rotated + "\n");

        String after = unique("after-rotation") + "@example.com";
        String requestId = register("After Rotation", after);
        approve(requestId, partner);
        Membership m = awaitProvisioned(after, partner);
        assertEquals(partner, partnerIdOf(keycloak.user(m.identityUserId)));
        assertEquals(refusedGrants + 1, keycloak.refusedGrants(), "the old secret was tried once, then the file read again");
        // within the first attempt: no attempt failed (the old client failed one, then a later attempt read the file)
        assertTrue(log.lines().stream().noneMatch(l -> l.contains(requestId) && l.contains("failed")),
                "an attempt failed: " + log.lines().stream().filter(l -> l.contains(requestId)).toList());
    }

    @Test
    void aSecretKeycloakNoLongerTakesIsNotRetriedAndTheEventIsDeadLettered() throws Exception {
        String partner = create(body(unique("Refused Secret Co")));
        String email = unique("refused-secret") + "@example.com";
        String requestId = register("Refused Secret", email);
        // Keycloak has a new secret, the mounted file still the old one
        keycloak.rotateSecret("rotated-" + java.util.UUID.randomUUID());
        try {
            approve(requestId, partner); // its account check cannot ask Keycloak: the approval goes on
            KafkaEvents.await("partner-events.partner-service.dlq", r -> r.data() != null && r.data().contains(requestId), 1, WAIT);
            List<String> lines = log.lines().stream().filter(l -> l.contains(requestId)).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains("Keycloak answered 401 to the client-credentials grant")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("will retry")), "a refused grant is not retried: " + lines);
            assertNull(keycloak.userByEmail(email));
        } finally {
            java.nio.file.Files.writeString(java.nio.file.Path.of(secretFile), keycloak.secret() + "\n");
        }
    }

    @Test
    void aTokenRevokedBeforeItExpiresIsReplacedAndTheCallSentOnceMore() {
        String partner = create(body(unique("Revoked Token Co")));
        String email = unique("staff-revoked") + "@example.com";
        String userId = keycloak.addUser(unique("staff-revoked-user"), email, new JsonObject());
        keycloak.grant(userId, "super_admin");
        String requestId = register("Staff Person", email);
        refusedAsStaff(requestId, partner); // a token is held now
        long tokenRequests = keycloak.tokenRequests();
        int refusedTokens = keycloak.refusedTokens();

        keycloak.revokeTokens();
        // the approval's check still reaches Keycloak: without the retry it would be skipped and the approval go on
        refusedAsStaff(requestId, partner);
        assertEquals(refusedTokens + 1, keycloak.refusedTokens(), "one call met the revoked token");
        assertEquals(tokenRequests + 1, keycloak.tokenRequests(), "one new token");
        assertFalse(keycloak.roles(userId).contains("partner"));
    }

    private static void refusedAsStaff(String requestId, String partnerId) {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("partnerId", partnerId))
                .when().post("/api/access-requests/" + requestId + "/approve").then().statusCode(409)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("/staff-account"));
    }

    private long writes(String userId) {
        return keycloak.callsAbout(userId).stream().filter(c -> !c.method().equals("GET")).count();
    }
}

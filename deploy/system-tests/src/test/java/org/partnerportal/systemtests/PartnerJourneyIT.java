package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The partner's journey through the gateway, every step as a real client would take it: the
 * admin prepares and sends the proposal, the partner opens the link from the e-mail, reads
 * sections, signs the NDA in Arabic, opens the portal from its e-mail, downloads the gated
 * document and marks an action item done; the pipeline, the timeline and the mailboxes follow.
 */
class PartnerJourneyIT {

    private static final Pattern PROPOSAL_LINK = Pattern.compile("/partnership/([0-9a-f-]{36})\\?token=([A-Za-z0-9._-]+)");
    private static final Pattern PORTAL_LINK = Pattern.compile("/portal/(p2\\.[A-Za-z0-9._-]+)");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
    }

    static RequestSpecification admin() {
        return given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin")).contentType("application/json");
    }

    private static String link(Pattern pattern, Mailbox.Mail mail, int group) {
        Matcher m = pattern.matcher(mail.text() + " " + mail.html());
        assertTrue(m.find(), "no link in: " + mail.text());
        return m.group(group);
    }

    /** Creates a partner through the API with {@code contact} (name, email, role) as its primary contact; answers its id. */
    static String createPartner(String name, String description, String industry, String tier, Map<String, String> contact) {
        Map<String, Object> primary = new HashMap<>(contact);
        primary.put("isPrimary", true);
        return admin().body(Map.of("name", name, "description", description, "industry", industry, "tier", tier,
                "contacts", List.of(primary))).when().post("/api/partners").then().statusCode(201).extract().path("id");
    }

    static JsonPath partner(String id) {
        return admin().when().get("/api/partners/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static boolean timelineHas(String id, String kind) {
        List<String> kinds = admin().queryParam("size", 200).when().get("/api/partners/" + id + "/timeline")
                .then().statusCode(200).extract().jsonPath().getList("items.kind");
        return kinds.contains(kind);
    }

    @Test
    void fromProposalToPortal() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contact = "maryam." + suffix + "@mol-oman.example";
        String name = "Journey Partner " + suffix;
        String id = createPartner(name, "A partner taken through the whole journey.",
                "Energy", "platinum", Map.of("name", "Maryam Al-Balushi", "email", contact, "role", "Head of partnerships"));

        // the admin writes the proposal (once nda-service has heard of the partner) and sends the invitation
        Map<String, Object> content = Map.of("sections", Map.of("hero", "# Partner with us", "terms",
                "Three years, renewable.", "metrics", "12,000 participants", "next_steps", "Sign the NDA to open the vault."));
        await().atMost(WAIT).until(() -> admin().body(content).when().put("/api/partners/" + id + "/proposal")
                .statusCode() == 200);
        admin().body(Map.of("recipient", contact, "contactName", "Maryam Al-Balushi"))
                .when().post("/api/partners/" + id + "/invitation").then().statusCode(202);
        Mailbox.Mail invitation = AccessFlowIT.awaitMail(contact, "/partnership/" + id);
        String token = link(PROPOSAL_LINK, invitation, 2);
        await().atMost(WAIT).until(() -> "proposal_sent".equals(partner(id).getString("stage")));

        // the partner opens the link: content only with the token, never without
        given().baseUri(Stack.gateway()).when().get("/api/proposals/" + id).then().statusCode(401);
        given().baseUri(Stack.gateway()).queryParam("token", token).when().get("/api/proposals/" + id)
                .then().statusCode(200).header("Referrer-Policy", "no-referrer")
                .body("sections.hero", equalTo("# Partner with us"));
        List<Boolean> first = List.of("hero", "terms", "metrics").stream().map(section ->
                given().baseUri(Stack.gateway()).header("X-Link-Token", token).contentType("application/json")
                        .body(Map.of("section", section, "seconds", 12))
                        .when().post("/api/proposals/" + id + "/views")
                        .then().statusCode(202).extract().jsonPath().getBoolean("first")).toList();
        assertEquals(List.of(true, false, false), first);
        AccessFlowIT.awaitMail("admin@partnerportal.test", name);
        await().atMost(WAIT).until(() -> partner(id).getInt("proposalViews") == 3);

        // the NDA, read and signed in Arabic
        JsonPath template = given().baseUri(Stack.gateway()).queryParam("lang", "ar").when().get("/api/nda/template")
                .then().statusCode(200).extract().jsonPath();
        JsonPath signed = given().baseUri(Stack.gateway()).header("X-Link-Token", token)
                .header("User-Agent", "SystemTest/1.0").contentType("application/json")
                .body(Map.of("contactName", "Maryam Al-Balushi", "contactEmail", contact,
                        "contactTitle", "Head of partnerships", "signature", "Maryam Al-Balushi",
                        "templateVersion", template.getString("version"), "textSha256", template.getString("sha256")))
                .when().post("/api/proposals/" + id + "/nda")
                .then().statusCode(201).body("reference", startsWith("NDA-")).extract().jsonPath();
        String reference = signed.getString("reference");
        assertTrue(signed.getString("signedAtLocal").endsWith("+04:00"), signed.getString("signedAtLocal"));
        await().atMost(WAIT).until(() -> "nda_signed".equals(partner(id).getString("stage")));
        await().atMost(WAIT).until(() -> timelineHas(id, "nda_signed"));
        Mailbox.Mail record = AccessFlowIT.awaitMail(contact, reference);
        assertTrue(record.attachments().stream().anyMatch(f -> f.endsWith(".pdf")), "the certificate: " + record.attachments());
        AccessFlowIT.awaitMail("admin@partnerportal.test", reference);
        admin().when().get("/api/partners/" + id + "/ndas").then().statusCode(200)
                .body("items.reference", hasItem(reference)).body("total", equalTo(1));
        admin().when().get("/api/ndas/verify").then().statusCode(200).body("valid", equalTo(true));

        // a gated document in the vault, then the portal link by e-mail
        byte[] file = ("Confidential deck for " + name).getBytes(StandardCharsets.UTF_8);
        String docId = given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin"))
                .multiPart("file", "deck.pdf", file, "application/pdf").multiPart("title", "Partnership deck")
                .multiPart("requiresNda", "true")
                .when().post("/api/partners/" + id + "/documents").then().statusCode(201).extract().path("id");
        admin().body(Map.of("recipient", contact)).when().post("/api/partners/" + id + "/portal-access")
                .then().statusCode(202);
        String portal = link(PORTAL_LINK, AccessFlowIT.awaitMail(contact, "/portal/"), 1);
        given().baseUri(Stack.gateway()).when().get("/api/portal/" + portal).then().statusCode(200)
                .body("ndas.reference", hasItem(reference)).body("documents.id", hasItem(docId));
        byte[] downloaded = given().baseUri(Stack.gateway()).when().get("/api/portal/" + portal + "/documents/" + docId)
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(file, downloaded);
        admin().when().get("/api/partners/" + id + "/downloads").then().statusCode(200)
                .body("items.documentId", hasItem(docId));

        // a meeting with an action item; the partner marks it done from the portal
        JsonPath meeting = admin().body(Map.of("title", "Kick-off", "startsAt", "2030-03-01T09:00:00Z",
                "attendees", List.of(Map.of("name", "Maryam", "email", contact)), "agenda", List.of("Goals", "Budget"),
                "actionItems", List.of(Map.of("title", "Send the logo files"))))
                .when().post("/api/partners/" + id + "/meetings").then().statusCode(201).extract().jsonPath();
        String actionId = meeting.getString("actionItems[0].id");
        AccessFlowIT.awaitMail(contact, "Goals");
        // the portal is a public path with a per-IP budget: poll it gently
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> given().baseUri(Stack.gateway())
                .when().get("/api/portal/" + portal).then().statusCode(200).extract().jsonPath()
                .getList("actionItems.actionId").contains(actionId));
        given().baseUri(Stack.gateway()).when().post("/api/portal/" + portal + "/actions/" + actionId + "/done")
                .then().statusCode(200);
        admin().when().get("/api/actions/" + actionId).then().statusCode(200).body("status", equalTo("done"))
                .body("completedVia", equalTo("portal"));

        // the admin's overview holds it all
        admin().when().get("/api/pipeline").then().statusCode(200);
        admin().when().get("/api/dashboard").then().statusCode(200);
        given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin")).queryParam("partnerId", id)
                .when().get("/api/notifications/deliveries").then().statusCode(200).body("items.status", hasItem("sent"));
    }
}

package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.systemtests.PartnerJourneyIT.admin;
import static org.partnerportal.systemtests.PartnerJourneyIT.createPartner;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.partnerportal.systemtests.web.Browser;
import org.partnerportal.systemtests.web.ConsoleForm;

import io.restassured.common.mapper.TypeRef;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Every admin-console form submitted in a real browser (headless Chromium), each proved by its
 * effect outside the page: the API's state, the e-mail in GreenMail, the CloudEvent on Kafka.
 * An admin approves and denies access requests, creates an event and links a partner to it (then
 * changes the link), and on a partner's page saves the proposal, issues and revokes a link,
 * uploads a file to the vault, sends portal access and rotates its key, schedules a meeting
 * (the agenda e-mail arrives), adds an action item and records a decision; the delivery log
 * shows the mails. A super admin previews and saves a template (restored afterwards), reads the
 * mail configuration and sends the test e-mail. Each form with validation is first sent with a
 * bad input: the API's message stands beside the field. Screenshots of every step are kept.
 */
class AdminConsoleFormsIT {

    private static final Pattern PORTAL_LINK = Pattern.compile("/portal/(p2\\.[A-Za-z0-9._-]+)");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ENGAGEMENT = "engagement-events";
    private static final String PARTNER = "partner-events";

    private Browser browser;

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
        // a just-started stack answers its first calls slowly: the browser starts once every service is warm
        for (String path : List.of("/api/access-requests", "/api/partners?size=1", "/api/events", "/api/tiers",
                "/api/notifications/deliveries", "/api/partners/" + Stack.DEMO_PARTNER + "/proposal-tokens",
                "/api/partners/" + Stack.DEMO_PARTNER + "/actions")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> admin().get(path).statusCode() == 200);
        }
        for (String path : List.of("/api/notifications/templates", "/api/notifications/config")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> superAdmin().get(path).statusCode() == 200);
        }
    }

    @BeforeEach
    void open() {
        // every screen of this test is a screenshot step: each is checked with axe-core as it is taken
        browser = Browser.open("AdminConsoleFormsIT").checkingEachScreenshot();
    }

    @AfterEach
    void close(TestInfo test) {
        try {
            browser.screenshot("last-" + test.getTestMethod().map(m -> m.getName()).orElse("test"));
        } finally {
            browser.close();
        }
    }

    static RequestSpecification superAdmin() {
        return given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("superadmin")).contentType("application/json");
    }

    @Test
    void anAdminSubmitsTheAccessEventAndPartnerForms() throws IOException, NoSuchAlgorithmException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contact = "layla." + suffix + "@forms.example";
        String partnerName = "Forms Partner " + suffix;
        String id = createPartner(partnerName, "A partner whose console forms are all submitted.",
                "Education", "silver", Map.of("name", "Layla Al-Rawahi", "email", contact, "role", "Partnerships lead"));
        String base = "/api/partners/" + id;
        // nda-service learns of the partner from partner-events; its tabs need that
        await().atMost(WAIT).until(() -> admin().get(base + "/proposal-tokens").statusCode() == 200);

        accessRequests(suffix, id, partnerName);
        String eventId = eventAndLinks(suffix, id, partnerName);
        proposalAndLinks(suffix, id);
        vault(suffix, id);
        portalAccess(id, contact);
        activity(suffix, id);
        deliveryLog(id, contact);

        // provoked on purpose: each bad input's 400; the proposal's 404 before it has content
        browser.assertNoConsoleErrors(400, 404);
    }

    /**
     * The partner page's own forms and the directory's filters (issue 19, point 6): the edit form
     * with If-Match (another admin's save in between: the 412 shown, nothing of the stale form
     * written; reloaded, saved), a contact invited (bad address first), the deal closed, the
     * partner archived and restored, an event link removed, and the directory filtered by every
     * filter ConsoleFeaturesIT does not already use, each list equal to the API's for the same query.
     */
    @Test
    void anAdminEditsInvitesClosesArchivesRestoresUnlinksAndFilters() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String industry = "Deal Forms " + suffix;
        String tag = "deal-forms-" + suffix;
        String name = "Deal Partner " + suffix;
        String otherName = "Deal Other " + suffix;
        String id = partnerWithTag(name, industry, "gold", tag, "noor." + suffix + "@forms.example");
        String otherId = partnerWithTag(otherName, industry, "bronze", tag, "adil." + suffix + "@forms.example");
        String base = "/api/partners/" + id;
        // engagement-service knows both (the partner page reads its timeline and links)
        for (String p : List.of(id, otherId)) {
            await().atMost(WAIT).until(() -> admin().queryParam("kind", "partner_created")
                    .get("/api/partners/" + p + "/timeline").then().extract().jsonPath().getInt("total") == 1);
        }

        editWithIfMatch(suffix, id, base);
        invite(suffix, id, name);
        closeTheDeal(suffix, id, base);
        browser.waitClickable(By.xpath("//button[text()='Archive']")).click();
        browser.until(ExpectedConditions.urlContains("saved=1"));
        browser.waitFor(By.xpath("//button[text()='Restore']"));
        browser.screenshot("partner-archived");
        assertTrue(admin().get(base).then().statusCode(200).extract().jsonPath().getBoolean("archived"));
        AccessFlowIT.awaitEvent(PARTNER, "partnerportal.PartnerArchived.v1", data -> id.equals(data.path("partnerId").asText()));

        directoryFilters(suffix, industry, tag, name, otherName);

        browser.go(Stack.gateway() + "/admin/partners/" + id);
        browser.waitClickable(By.xpath("//button[text()='Restore']")).click();
        browser.until(ExpectedConditions.urlContains("saved=1"));
        browser.waitFor(By.xpath("//button[text()='Archive']"));
        browser.screenshot("partner-restored");
        assertFalse(admin().get(base).then().statusCode(200).extract().jsonPath().getBoolean("archived"));
        AccessFlowIT.awaitEvent(PARTNER, "partnerportal.PartnerRestored.v1", data -> id.equals(data.path("partnerId").asText()));

        unlink(suffix, otherId, otherName);

        // provoked on purpose: the invitation's bad address (400), the stale edit (412)
        browser.assertNoConsoleErrors(400, 412);
    }

    private static String partnerWithTag(String name, String industry, String tier, String tag, String email) {
        return admin().body(Map.of("name", name, "description", "A partner whose deal forms are submitted.",
                "industry", industry, "tier", tier, "tags", List.of(tag),
                "contacts", List.of(Map.of("name", "Contact of " + name, "email", email, "role", "Partnerships",
                        "isPrimary", true))))
                .when().post("/api/partners").then().statusCode(201).extract().path("id");
    }

    /** Another admin saves while the form is open: the 412 is shown and nothing of the form written; reloaded, it saves. */
    private void editWithIfMatch(String suffix, String id, String base) {
        signIn("/admin/partners/" + id + "/edit", "admin");
        ConsoleForm edit = ConsoleForm.named(browser, "Edit partner");
        long version = admin().get(base).then().statusCode(200).extract().jsonPath().getLong("version");
        admin().header("If-Match", String.valueOf(version)).body(Map.of("notes", "Changed meanwhile " + suffix))
                .when().patch(base).then().statusCode(200);
        edit.type("description", "Edited too late in the console " + suffix);
        WebElement stale = edit.submit();
        browser.until(d -> !stale.findElements(By.cssSelector(".form-alert [role=alert]")).isEmpty());
        String shown = stale.findElement(By.cssSelector(".form-alert")).getText();
        assertTrue(shown.contains("version " + (version + 1)) && shown.contains("reload"), "the 412 shown: " + shown);
        browser.screenshot("partner-edit-412");
        JsonPath kept = admin().get(base).then().statusCode(200).extract().jsonPath();
        assertEquals("A partner whose deal forms are submitted.", kept.getString("description"), "the stale form wrote nothing");
        assertEquals("Changed meanwhile " + suffix, kept.getString("notes"));
        assertEquals(version + 1, kept.getLong("version"));

        browser.go(Stack.gateway() + "/admin/partners/" + id + "/edit");
        ConsoleForm fresh = ConsoleForm.named(browser, "Edit partner");
        assertEquals("Changed meanwhile " + suffix, fresh.control("notes").getDomProperty("value"), "reloaded with the other save");
        fresh.type("description", "Edited in the console " + suffix).submitAndWaitForReload();
        JsonPath saved = admin().get(base).then().statusCode(200).extract().jsonPath();
        assertEquals("Edited in the console " + suffix, saved.getString("description"));
        assertEquals("Changed meanwhile " + suffix, saved.getString("notes"), "the other admin's change kept");
        assertEquals(version + 2, saved.getLong("version"));
        browser.screenshot("partner-edited");
        // two saves, two PartnerUpdated: none for the refused one
        await().atMost(WAIT).until(() -> AccessFlowIT.events(PARTNER, "partnerportal.PartnerUpdated.v1",
                data -> id.equals(data.path("partnerId").asText())).size() == 2);
        List<Topic.Event> updates = AccessFlowIT.events(PARTNER, "partnerportal.PartnerUpdated.v1",
                data -> id.equals(data.path("partnerId").asText()));
        assertEquals(List.of(version + 1, version + 2), updates.stream().map(e -> e.data().path("version").asLong()).toList());
    }

    /** A contact invited to the portal: a bad address refused beside its field, then the invitation mailed. */
    private void invite(String suffix, String id, String name) {
        String invitee = "invitee." + suffix + "@forms.example";
        browser.waitClickable(By.xpath("//summary[text()='Invite a contact to the portal']")).click();
        ConsoleForm invite = ConsoleForm.named(browser, "Invite a contact to the portal");
        invite.type("email", "not-an-address");
        assertFalse(invite.submitExpectingError("email").isBlank());
        browser.screenshot("invite-error");
        invite.type("email", invitee).type("name", "Invited " + suffix);
        assertTrue(invite.submitExpectingToast("Invitation sent").contains("Invitation sent"));
        browser.screenshot("invite-sent");
        Topic.Event invited = AccessFlowIT.awaitEvent(PARTNER, "partnerportal.PartnerInvited.v1",
                data -> invitee.equals(data.path("email").asText()));
        assertEquals(id, invited.data().path("partnerId").asText());
        Mailbox.Mail mail = AccessFlowIT.awaitMail(invitee, name);
        assertEquals("partner_invite", mail.template());
    }

    /** The deal closed as won: the partner active, the outcome and reason kept, PartnerStageChanged with its trigger. */
    private void closeTheDeal(String suffix, String id, String base) {
        ConsoleForm close = ConsoleForm.named(browser, "Close the deal");
        close.select("outcome", "won").type("reason", "Signed the MoU " + suffix).submitAndWaitForReload();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Signed the MoU " + suffix));
        browser.screenshot("deal-closed");
        JsonPath closed = admin().get(base).then().statusCode(200).extract().jsonPath();
        assertEquals("won", closed.getString("closeOutcome"));
        assertEquals("Signed the MoU " + suffix, closed.getString("closeReason"));
        assertEquals("active", closed.getString("stage"));
        Topic.Event moved = AccessFlowIT.awaitEvent(PARTNER, "partnerportal.PartnerStageChanged.v1",
                data -> id.equals(data.path("partnerId").asText()) && "close:won".equals(data.path("trigger").asText()));
        assertEquals("active", moved.data().path("to").asText());
    }

    /**
     * The directory's filters ConsoleFeaturesIT does not use (it filters by contact e-mail and
     * engagement level): name search, tier, stage, industry, tag, sort and archived. Each filtered
     * list shows exactly the partners the API answers for the query the form put in the address.
     */
    private void directoryFilters(String suffix, String industry, String tag, String name, String otherName) {
        browser.go(Stack.gateway() + "/admin/partners");
        assertEquals(List.of(otherName), filtered(f -> f.type("industry", industry).type("tag", tag).select("sort", "name"),
                "industry and tag: the archived partner left out"));
        browser.screenshot("directory-industry-tag");
        assertEquals(List.of(name), filtered(f -> f.check("archived", true), "archived partners only"));
        assertEquals(List.of(name), filtered(f -> f.type("q", "deal partner " + suffix).select("tier", "gold")
                .select("stage", "active"), "name search, tier and stage among the archived"));
        browser.screenshot("directory-filtered");
        assertEquals(List.of(), filtered(f -> f.select("tier", "bronze"), "no archived bronze partner of that name"));
        browser.screenshot("directory-nothing-matches");
    }

    /**
     * Changes the directory's filters and applies them; answers the partner names the page then
     * lists, checked against the API's answer to the query the form put in the address.
     */
    private List<String> filtered(java.util.function.Consumer<ConsoleForm> change, String what) {
        String before = browser.driver().getCurrentUrl();
        ConsoleForm filters = ConsoleForm.named(browser, "Filter partners");
        change.accept(filters);
        filters.submit();
        String query = browser.until(d -> {
            String url = d.getCurrentUrl();
            return !url.equals(before) && url.contains("?") ? url.substring(url.indexOf('?') + 1) : null;
        });
        // the form's query as the browser encoded it (URLSearchParams: a space is '+'), decoded into parameters:
        // rest-assured would send a raw '+' on as %2B, a literal plus
        RequestSpecification asked = admin();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            asked = asked.queryParam(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        List<String> api = asked.get("/api/partners").then().statusCode(200).extract().jsonPath().getList("items.name");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), api.size() + " partner(s)"));
        List<String> shown = browser.driver().findElements(By.cssSelector("main table tbody tr")).stream()
                .map(r -> r.findElements(By.tagName("td"))).filter(cells -> !cells.isEmpty())
                .map(cells -> cells.get(0).getText().trim()).toList();
        assertEquals(api, shown, what + ": the page lists what the API answers for " + query);
        return shown;
    }

    /** An event link removed with the row's Remove button: gone from the API, EventPartnerRemoved on Kafka. */
    private void unlink(String suffix, String partnerId, String partnerName) {
        String eventId = admin().body(Map.of("name", "Unlink Expo " + suffix, "year", 2027)).when().post("/api/events")
                .then().statusCode(201).extract().path("id");
        int linked = admin().body(Map.of("status", "prospect", "role", "Exhibitor")).when()
                .put("/api/events/" + eventId + "/partners/" + partnerId).statusCode();
        assertTrue(linked == 200 || linked == 201, "linked: " + linked);
        browser.go(Stack.gateway() + "/admin/events/" + eventId);
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), partnerName));
        browser.screenshot("event-link-before-removal");
        browser.waitClickable(By.xpath("//button[text()='Remove']")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "No partner linked yet."));
        browser.screenshot("event-link-removed");
        assertEquals(List.of(), admin().get("/api/events/" + eventId + "/partners").then().statusCode(200)
                .extract().jsonPath().getList("items"));
        AccessFlowIT.awaitEvent(ENGAGEMENT, "partnerportal.EventPartnerRemoved.v1",
                data -> eventId.equals(data.path("eventId").asText()) && partnerId.equals(data.path("partnerId").asText()));
    }

    /** One request approved for the partner, another denied with notes; both requesters mailed. */
    private void accessRequests(String suffix, String partnerId, String partnerName) {
        String approveName = "Salim Approve " + suffix;
        String approveEmail = "salim." + suffix + "@forms.example";
        String denyName = "Noura Deny " + suffix;
        String denyEmail = "noura." + suffix + "@forms.example";
        String approveId = AccessFlowIT.register(approveName, approveEmail, "Salim Trading " + suffix, "Please let us in.");
        String denyId = AccessFlowIT.register(denyName, denyEmail, "Noura Studio " + suffix, "We would like access.");

        signIn("/admin/access-requests", "admin");
        ConsoleForm approve = ConsoleForm.named(browser, "Approve " + approveName);
        String error = approve.submitExpectingError("partnerId");
        assertTrue(error.contains("required"), error);
        browser.screenshot("access-approve-error");
        approve.select("partnerId", partnerId).type("notes", "Welcome, Salim.").submitAndWaitForReload();
        assertTrue(browser.driver().findElements(By.cssSelector("form[aria-label=\"Approve " + approveName + "\"]")).isEmpty(),
                "no longer pending");
        browser.screenshot("access-approved");

        ConsoleForm deny = ConsoleForm.named(browser, "Deny " + denyName);
        deny.set("notes", "x".repeat(2001));
        assertTrue(deny.submitExpectingError("notes").contains("2000"), deny.fieldError("notes"));
        browser.screenshot("access-deny-error");
        deny.type("notes", "We only partner with registered companies this season.").submitAndWaitForReload();
        browser.screenshot("access-denied");

        JsonPath approved = admin().get("/api/access-requests?status=approved&size=200").then().statusCode(200).extract().jsonPath();
        assertEquals(partnerId, approved.getString("items.find { it.id == '" + approveId + "' }.partnerId"));
        assertEquals("Welcome, Salim.", approved.getString("items.find { it.id == '" + approveId + "' }.reviewNotes"));
        JsonPath denied = admin().get("/api/access-requests?status=denied&size=200").then().statusCode(200).extract().jsonPath();
        assertNotNull(denied.get("items.find { it.id == '" + denyId + "' }"), "denied");
        assertTrue(AccessFlowIT.awaitMail(approveEmail, partnerName).to().contains(approveEmail));
        AccessFlowIT.awaitMail(denyEmail, "We only partner with registered companies this season.");

        browser.go(Stack.gateway() + "/admin/access-requests?status=approved");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), approveName));
        assertTrue(browser.driver().findElement(By.tagName("main")).getText().contains(partnerName));
        browser.screenshot("access-approved-list");
    }

    /** An event created with the tier presets; the partner linked to it, then the link changed. Answers the event id. */
    private String eventAndLinks(String suffix, String partnerId, String partnerName) {
        WebDriver d = browser.driver();
        browser.go(Stack.gateway() + "/admin/events");
        ConsoleForm create = ConsoleForm.named(browser, "New event");
        String name = "Forms Hackathon " + suffix;
        create.type("name", name).type("sponsorshipGoal", "-5");
        assertTrue(create.submitExpectingError("sponsorshipGoal").contains("negative"), create.fieldError("sponsorshipGoal"));
        browser.screenshot("event-create-error");
        create.type("sponsorshipGoal", "50000").type("year", "2027").set("outreachStartDate", "2026-12-01")
                .set("startDate", "2027-02-10").set("endDate", "2027-02-12").type("notes", "Created from the console.");
        create.submitAndWaitForReload();
        browser.until(ExpectedConditions.urlMatches("/admin/events/[0-9a-f-]{36}$"));
        String eventId = d.getCurrentUrl().replaceAll(".*/admin/events/", "");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), name + " 2027"));
        browser.screenshot("event-created");

        JsonPath event = admin().get("/api/events/" + eventId).then().statusCode(200).extract().jsonPath();
        assertEquals(name, event.getString("name"));
        assertEquals(2027, event.getInt("year"));
        assertEquals(0, new BigDecimal("50000").compareTo(new BigDecimal(event.getString("sponsorshipGoal"))));
        assertEquals("2027-02-10", event.getString("startDate"));
        assertEquals(List.of("platinum", "gold", "silver", "bronze", "community"), event.getList("tierConfigs.tierKey"),
                "the standard tier presets");

        ConsoleForm link = ConsoleForm.named(browser, "Link a partner");
        link.select("partnerId", partnerId).type("status", "prospect").type("amount", "-1");
        assertTrue(link.submitExpectingError("amount").contains("negative"), link.fieldError("amount"));
        browser.screenshot("event-link-error");
        link.type("amount", "5000").type("role", "Main sponsor").submitAndWaitForReload();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), partnerName));
        assertTrue(d.findElement(By.tagName("main")).getText().contains("5,000"), "the amount in the table");
        browser.screenshot("event-linked");
        Topic.Event added = AccessFlowIT.awaitEvent(ENGAGEMENT, "partnerportal.EventPartnerAdded.v1", "eventId", eventId);
        assertEquals(partnerId, added.data().path("partnerId").asText());
        assertEquals(0, new BigDecimal("5000").compareTo(added.data().path("amount").decimalValue()));

        // the row's Edit opens the link in the form as stored: changing some fields keeps the others
        browser.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[aria-label=\"Edit the link of " + partnerName + "\"]"))).click();
        ConsoleForm change = ConsoleForm.named(browser, "Link a partner");
        assertEquals(partnerId, change.control("partnerId").getDomProperty("value"));
        assertEquals("prospect", change.control("status").getDomProperty("value"));
        assertEquals(5000.0, Double.parseDouble(change.control("amount").getDomProperty("value")));
        assertEquals("Main sponsor", change.control("role").getDomProperty("value"));
        browser.screenshot("event-link-edit");
        change.type("status", "committed").select("packageTier", "gold")
                .type("amount", "7500").set("followUpDate", "2027-01-05").submitAndWaitForReload();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "7,500"));
        browser.screenshot("event-link-changed");
        JsonPath links = admin().get("/api/events/" + eventId + "/partners").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(partnerId), links.getList("items.partnerId"), "one link, changed in place");
        assertEquals("committed", links.getString("items[0].status"));
        assertEquals("gold", links.getString("items[0].packageTier"));
        assertEquals(7500.0, links.getDouble("items[0].amount"));
        assertEquals("2027-01-05", links.getString("items[0].followUpDate"));
        assertEquals("Main sponsor", links.getString("items[0].role"), "the role, not typed again, was kept");
        Topic.Event updated = AccessFlowIT.awaitEvent(ENGAGEMENT, "partnerportal.EventPartnerUpdated.v1", "eventId", eventId);
        assertEquals(partnerId, updated.data().path("partnerId").asText());
        assertEquals("committed", updated.data().path("status").asText());
        return eventId;
    }

    /** The proposal editor saved; a proposal link issued, then revoked. */
    private void proposalAndLinks(String suffix, String id) {
        String base = "/api/partners/" + id;
        browser.go(Stack.gateway() + "/admin/partners/" + id + "?tab=proposal");
        ConsoleForm editor = ConsoleForm.named(browser, "Proposal editor");
        editor.set("sections.terms", "t".repeat(20_001));
        assertTrue(editor.submitExpectingError("sections.terms").contains("20000"), editor.fieldError("sections.terms"));
        browser.screenshot("proposal-error");
        String hero = "# Learn with us " + suffix;
        editor.type("sections.hero", hero).type("sections.terms", "Three years, renewable.")
                .type("sections.next_steps", "Sign the NDA to open the vault.");
        editor.submitExpectingToast("Proposal saved.");
        browser.screenshot("proposal-saved");
        JsonPath content = admin().get(base + "/proposal").then().statusCode(200).extract().jsonPath();
        assertEquals(hero, content.getString("sections.hero"));
        assertEquals("Three years, renewable.", content.getString("sections.terms"));
        assertEquals("Sign the NDA to open the vault.", content.getString("sections.next_steps"));

        browser.until(ExpectedConditions.elementToBeClickable(By.id("issue-token"))).click();
        WebElement url = browser.until(ExpectedConditions.presenceOfElementLocated(By.id("proposal-url")));
        assertTrue(url.getText().startsWith(Stack.gateway() + "/partnership/" + id + "?token="), url.getText());
        WebElement revoke = browser.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Revoke']")));
        browser.screenshot("proposal-link-issued");
        revoke.click();
        browser.until(ExpectedConditions.urlContains("saved=1"));
        browser.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//td[starts-with(text(),'revoked ')]")));
        assertTrue(browser.driver().findElements(By.xpath("//button[text()='Revoke']")).isEmpty(), "nothing left to revoke");
        browser.screenshot("proposal-link-revoked");
        JsonPath tokens = admin().get(base + "/proposal-tokens").then().statusCode(200).extract().jsonPath();
        assertEquals(1, tokens.getList("items").size());
        assertNotNull(tokens.getString("items[0].revokedAt"), "revoked in nda-service");
    }

    /** A file uploaded to the vault through the file input (first without a file). */
    private void vault(String suffix, String id) throws IOException, NoSuchAlgorithmException {
        String base = "/api/partners/" + id;
        browser.go(Stack.gateway() + "/admin/partners/" + id + "?tab=vault");
        ConsoleForm upload = ConsoleForm.named(browser, "Upload a document");
        upload.type("title", "Sponsor deck " + suffix);
        assertTrue(upload.submitExpectingError("file").contains("required"), upload.fieldError("file"));
        browser.screenshot("vault-error");

        Path file = Path.of("target").toAbsolutePath().resolve("forms-" + suffix + ".txt");
        byte[] bytes = ("Sponsor deck of " + suffix + ": tiers, dates, the venue.\n").getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        upload.attach("file", file).submitAndWaitForReload();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Sponsor deck " + suffix));
        browser.screenshot("vault-uploaded");

        JsonPath docs = admin().get(base + "/documents").then().statusCode(200).extract().jsonPath();
        String docId = docs.getString("items.find { it.title == 'Sponsor deck " + suffix + "' }.id");
        assertNotNull(docId, "in the vault");
        assertEquals("forms-" + suffix + ".txt", docs.getString("items.find { it.id == '" + docId + "' }.filename"));
        assertTrue(docs.getBoolean("items.find { it.id == '" + docId + "' }.requiresNda"), "NDA-gated, as ticked");
        // the content itself is served to the partner only (the portal); the vault's size and hash are of these bytes
        assertEquals(bytes.length, docs.getInt("items.find { it.id == '" + docId + "' }.size"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                docs.getString("items.find { it.id == '" + docId + "' }.sha256"), "the file as uploaded");
    }

    /** Portal access e-mailed to the contact; the key rotated, after which that link is refused. */
    private void portalAccess(String id, String contact) {
        browser.go(Stack.gateway() + "/admin/partners/" + id + "?tab=portal");
        ConsoleForm send = ConsoleForm.named(browser, "Send portal access");
        send.type("recipient", "not-an-address");
        String error = send.submitExpectingError("recipient");
        assertTrue(error.contains("email"), error);
        browser.screenshot("portal-error");
        send.type("recipient", contact).submitExpectingToast("Sent to " + contact);
        browser.screenshot("portal-sent");
        Mailbox.Mail mail = AccessFlowIT.awaitMail(contact, "/portal/");
        Matcher m = PORTAL_LINK.matcher(mail.text() + " " + mail.html());
        assertTrue(m.find(), "a portal link in the mail");
        String portal = m.group(1);
        given().baseUri(Stack.gateway()).get("/api/portal/" + portal).then().statusCode(200);

        browser.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[starts-with(text(),'Rotate the portal key')]"))).click();
        WebElement toast = browser.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//div[contains(@class,'pp-toasts')]/div[contains(., 'Portal key is now version')]")));
        browser.screenshot("portal-rotated");
        assertFalse(toast.getText().isBlank());
        given().baseUri(Stack.gateway()).get("/api/portal/" + portal).then().statusCode(401)
                .contentType("application/problem+json");
    }

    /** A meeting with agenda and action items (the agenda e-mail arrives), an action item, a decision. */
    private void activity(String suffix, String id) {
        String base = "/api/partners/" + id;
        String attendee = "khalid." + suffix + "@forms.example";
        browser.go(Stack.gateway() + "/admin/partners/" + id + "?tab=activity");
        ConsoleForm meeting = ConsoleForm.named(browser, "Schedule a meeting");
        meeting.type("title", "Kick-off " + suffix);
        assertTrue(meeting.submitExpectingError("startsAt").contains("null"), meeting.fieldError("startsAt"));
        browser.screenshot("meeting-error");
        meeting.set("startsAt", "2027-01-12T10:30").type("attendees", attendee)
                .type("agenda", "Welcome\nSponsorship tiers " + suffix)
                .type("actionItems", "Send the deck " + suffix + " | Layla | 2027-01-15")
                .submitAndWaitForReload();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Send the deck " + suffix));
        browser.screenshot("meeting-scheduled");
        Mailbox.Mail agenda = AccessFlowIT.awaitMail(attendee, "Sponsorship tiers " + suffix);
        assertTrue(agenda.text().contains("Welcome") && agenda.text().contains("Kick-off " + suffix), agenda.text());
        assertEquals("meeting_agenda", agenda.template());

        ConsoleForm action = ConsoleForm.named(browser, "Add an action item");
        action.type("assignee", "Khalid");
        assertTrue(action.submitExpectingError("title").contains("blank"), action.fieldError("title"));
        browser.screenshot("action-error");
        action.type("title", "Book the venue " + suffix).set("dueDate", "2027-01-20").submitAndWaitForReload();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Book the venue " + suffix));
        browser.screenshot("action-added");
        JsonPath actions = admin().get(base + "/actions?size=100").then().statusCode(200).extract().jsonPath();
        assertEquals("Layla", actions.getString("items.find { it.title == 'Send the deck " + suffix + "' }.assignee"));
        assertEquals("2027-01-15", actions.getString("items.find { it.title == 'Send the deck " + suffix + "' }.dueDate"));
        assertNotNull(actions.getString("items.find { it.title == 'Send the deck " + suffix + "' }.meetingId"), "from the meeting");
        assertEquals("Khalid", actions.getString("items.find { it.title == 'Book the venue " + suffix + "' }.assignee"));
        assertEquals("2027-01-20", actions.getString("items.find { it.title == 'Book the venue " + suffix + "' }.dueDate"));

        ConsoleForm decision = ConsoleForm.named(browser, "Record a decision");
        decision.type("rationale", "They asked for the gold package.");
        assertTrue(decision.submitExpectingError("title").contains("blank"), decision.fieldError("title"));
        browser.screenshot("decision-error");
        String title = "Offer the gold package " + suffix;
        decision.type("title", title).submitAndWaitForReload();
        browser.screenshot("decision-recorded");
        Topic.Event recorded = AccessFlowIT.awaitEvent(ENGAGEMENT, "partnerportal.DecisionRecorded.v1", "title", title);
        assertEquals(id, recorded.data().path("partnerId").asText());
    }

    /** The delivery log, filtered by the partner through its form, lists the portal and agenda e-mails. */
    private void deliveryLog(String id, String contact) {
        browser.go(Stack.gateway() + "/admin/notifications");
        ConsoleForm filter = ConsoleForm.named(browser, "Filter deliveries");
        filter.type("partnerId", id).submit();
        browser.until(ExpectedConditions.urlContains("partnerId=" + id));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "portal_access"));
        String log = browser.driver().findElement(By.tagName("main")).getText();
        assertTrue(log.contains(contact), log);
        assertTrue(log.contains("meeting_agenda"), log);
        browser.screenshot("delivery-log");
    }

    @Test
    void aSuperAdminEditsATemplateReadsTheMailSetupAndSendsATestEmail() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String templatePath = "/api/notifications/templates/test_email/en";
        Map<String, Object> original = superAdmin().get(templatePath).then().statusCode(200).extract()
                .as(new TypeRef<Map<String, Object>>() {
                });
        try {
            signIn("/admin/templates", "superadmin");
            browser.go(Stack.gateway() + "/admin/templates?template=test_email%2Fen");

            // the mail configuration as the API reports it, the secret masked
            JsonPath config = superAdmin().get("/api/notifications/config").then().statusCode(200).extract().jsonPath();
            browser.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//dt[text()='Server']")));
            assertTrue(fact("Server").startsWith(config.getString("host") + ":" + config.getInt("port")), fact("Server"));
            assertEquals(config.getString("from"), fact("From"));
            String password = config.getString("password");
            assertEquals(password == null || password.isEmpty() ? "—" : password, fact("Password"), "masked as the API masks it");
            browser.screenshot("mail-config");

            ConsoleForm editor = ConsoleForm.named(browser, "Edit template test_email (en)");
            editor.clear("subject");
            assertTrue(editor.submitExpectingError("subject").contains("blank"), editor.fieldError("subject"));
            browser.screenshot("template-error");
            String subject = "Forms check " + suffix + " by {sentBy}";
            editor.type("subject", subject);
            WebElement preview = browser.driver().findElement(By.cssSelector("section[aria-label=Preview]"));
            browser.until(ExpectedConditions.textToBePresentInElement(preview, "Forms check " + suffix + " by [sentBy]"));
            browser.screenshot("template-preview");
            editor.submitExpectingToast("Saved as version");
            browser.screenshot("template-saved");
            JsonPath saved = superAdmin().get(templatePath).then().statusCode(200).extract().jsonPath();
            assertEquals(subject, saved.getString("subject"));
            assertEquals(((Number) original.get("version")).longValue() + 1, saved.getLong("version"));

            // the test e-mail goes out with the template just saved
            ConsoleForm test = ConsoleForm.named(browser, "Send a test e-mail");
            test.type("to", "not-an-address");
            String error = test.submitExpectingError("to");
            assertTrue(error.contains("email"), error);
            browser.screenshot("test-email-error");
            String to = "forms.test." + suffix + "@forms.example";
            test.type("to", to).submitExpectingToast("Test e-mail queued");
            browser.screenshot("test-email-sent");
            Mailbox.Mail mail = AccessFlowIT.awaitMail(to, "the mail configuration works");
            assertTrue(mail.subject().startsWith("Forms check " + suffix + " by "), mail.subject());
            assertEquals("test_email", mail.template());

            // the delivery log shows it, filtered by template through its form
            browser.go(Stack.gateway() + "/admin/notifications");
            ConsoleForm filter = ConsoleForm.named(browser, "Filter deliveries");
            filter.type("template", "test_email").submit();
            browser.until(ExpectedConditions.urlContains("template=test_email"));
            browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), to));
            browser.screenshot("delivery-log-test-email");

            browser.go(Stack.gateway() + "/admin/templates");
            browser.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//dt[text()='Last success']")));
            assertNotEquals("—", fact("Last success"), "the test e-mail was a success");
        } finally {
            Map<String, Object> restore = new LinkedHashMap<>();
            for (String key : List.of("subject", "textBody", "htmlBody", "category", "description", "variables")) {
                restore.put(key, original.get(key));
            }
            superAdmin().body(restore).when().put(templatePath).then().statusCode(200);
        }
        assertEquals(original.get("subject"), superAdmin().get(templatePath).then().extract().path("subject"), "restored");
        browser.assertNoConsoleErrors(400);
    }

    /** The text of a fact in a description list of the page (dt → dd). */
    private String fact(String label) {
        return browser.fact(label);
    }

    /** Opens {@code path}, meets Keycloak's login page and signs in as {@code user} (password = user name). */
    private void signIn(String path, String user) {
        browser.signIn(Stack.gateway() + path, user);
    }
}

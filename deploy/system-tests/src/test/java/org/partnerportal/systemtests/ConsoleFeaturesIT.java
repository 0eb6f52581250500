package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.systemtests.PartnerJourneyIT.admin;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.partnerportal.systemtests.web.ProposalPage;

import io.restassured.path.json.JsonPath;

/**
 * The console screens of issue 18, each submitted in a real browser and proved outside the page
 * (the API's state, the mail in GreenMail, the CloudEvent on Kafka), with axe-core on every new
 * screen: the partner overview (company, social, follow-ups, a communication logged with its event),
 * the one-primary-contact radio group, the directory's new filters, an event edited (package tiers
 * with preset amounts, the main-event bridge) archived and restored, a vault document edited and
 * removed, the proposal's first view alerting the admins while the page is still open and the
 * reading panel, the tier report with its CSV download; for a super admin, a mass mailing
 * previewed and sent, "view as this partner user", and the demo reset; the register page's
 * language reaching the approval mail.
 */
class ConsoleFeaturesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ADMIN_MAILBOX = "admin@partnerportal.test";

    private Browser browser;

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
        for (String path : List.of("/api/partners?size=1", "/api/events", "/api/reports/tiers", "/api/dashboard",
                "/api/notifications/mailings", "/api/communications/sync-status",
                "/api/partners/" + Stack.DEMO_PARTNER + "/proposal-tokens")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> admin().get(path).statusCode() == 200);
        }
    }

    @BeforeEach
    void open() {
        browser = Browser.open("ConsoleFeaturesIT");
    }

    @AfterEach
    void close(TestInfo test) {
        browser.screenshot("last-" + test.getTestMethod().map(m -> m.getName()).orElse("test"));
        browser.close();
    }

    /** A partner with two contacts, company facts, social links, a logo and a tag; answers its id once every service knows it. */
    private static String partner(String name, String primaryEmail, String otherEmail, String tag) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("description", "A partner whose new console screens are all used.");
        body.put("industry", "Robotics");
        body.put("tier", "Gold");
        body.put("logo", "https://example.com/logo-" + tag + ".png");
        body.put("companyInfo", Map.of("size", "medium", "headquarters", "Muscat", "foundedYear", 2011));
        body.put("social", Map.of("linkedin", "https://www.linkedin.com/company/" + tag));
        body.put("tags", List.of(tag));
        body.put("contacts", List.of(Map.of("name", "Huda Primary", "email", primaryEmail, "role", "Partnerships", "isPrimary", true),
                Map.of("name", "Omar Second", "email", otherEmail, "role", "Finance", "isPrimary", false)));
        String id = admin().body(body).when().post("/api/partners").then().statusCode(201).extract().path("id");
        // nda-service and engagement-service learn of the partner from partner-events
        await().atMost(WAIT).until(() -> admin().get("/api/partners/" + id + "/proposal-tokens").statusCode() == 200);
        await().atMost(WAIT).until(() -> admin().queryParam("kind", "partner_created")
                .get("/api/partners/" + id + "/timeline").then().extract().jsonPath().getInt("total") == 1);
        return id;
    }

    @Test
    void anAdminUsesThePartnerEventVaultProposalAndReportScreens() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "Features Partner " + suffix;
        String primary = "huda." + suffix + "@features.example";
        String other = "omar." + suffix + "@features.example";
        String id = partner(name, primary, other, "feat-" + suffix);
        String base = "/api/partners/" + id;
        String eventId = admin().body(Map.of("name", "Features Expo " + suffix, "year", 2027)).when().post("/api/events")
                .then().statusCode(201).extract().path("id");

        signIn("/admin/partners/" + id);
        WebDriver d = browser.driver();
        // the overview: company facts, social links, the logo
        browser.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//dt[text()='Company']")));
        assertTrue(fact("Company").contains("based in Muscat") && fact("Company").contains("founded 2011"), fact("Company"));
        assertEquals("Linkedin", fact("Social"));
        assertEquals("https://example.com/logo-feat-" + suffix + ".png",
                d.findElement(By.xpath("//dt[text()='Logo']/following-sibling::dd[1]/a")).getAttribute("href"));
        browser.assertAccessible("the partner overview with its company, social, follow-ups and users");

        // a communication about the event, with a follow-up date: on the timeline, the partner's and the dashboard's follow-ups
        String yesterday = LocalDate.now().minusDays(1).toString();
        ConsoleForm comm = ConsoleForm.named(browser, "Log a communication");
        comm.type("subject", "Sent the sponsorship deck " + suffix).select("eventId", eventId)
                .set("occurredAt", LocalDate.now().minusDays(2) + "T10:00").set("followUpDate", yesterday);
        comm.submitAndWaitForReload();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Sent the sponsorship deck " + suffix));
        browser.screenshot("communication-logged");
        JsonPath comms = admin().queryParam("kind", "communication").get(base + "/timeline").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(eventId, comms.getString("items[0].communication.eventId"));
        assertEquals("manual", comms.getString("items[0].communication.source"));
        assertEquals(yesterday, admin().get(base + "/follow-ups").then().statusCode(200).extract().jsonPath()
                .getString("find { it.kind == 'communication' }.date"));
        Topic.Event logged = AccessFlowIT.awaitEvent("engagement-events", "partnerportal.CommunicationLogged.v1", "partnerId", id);
        assertEquals(eventId, logged.data().path("eventId").asText());
        WebElement followUps = d.findElement(By.xpath("//section[h2='Follow-ups']"));
        assertTrue(followUps.getText().contains("Sent the sponsorship deck " + suffix), followUps.getText());
        browser.go(Stack.gateway() + "/admin");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Sent the sponsorship deck " + suffix));
        browser.assertAccessible("the dashboard with communication follow-ups and the e-mail sync card");

        // one primary contact: a radio group
        browser.go(Stack.gateway() + "/admin/partners/" + id + "/edit");
        ConsoleForm edit = ConsoleForm.named(browser, "Edit partner");
        browser.waitClickable(By.cssSelector("label[for=primary-contact-1]")).click();
        edit.submitAndWaitForReload();
        JsonPath saved = admin().get(base).then().statusCode(200).extract().jsonPath();
        assertEquals(other, saved.getString("contacts.find { it.isPrimary }.email"));
        assertEquals(1, saved.getList("contacts.findAll { it.isPrimary }").size());

        // the directory, filtered by a contact's e-mail (any case) and by engagement level
        browser.go(Stack.gateway() + "/admin/partners");
        ConsoleForm filters = ConsoleForm.named(browser, "Filter partners");
        filters.type("contactEmail", primary.toUpperCase()).select("engagementLevel", "low").submit();
        browser.until(ExpectedConditions.urlContains("contactEmail="));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "1 partner(s)"));
        assertTrue(d.findElement(By.tagName("main")).getText().contains(name));
        browser.assertAccessible("the directory with its new filters");

        event(suffix, eventId);
        vault(suffix, id);
        proposal(suffix, id, name);
        tierReport();
    }

    /** The event edited (package tiers with preset amounts, the main-event bridge), archived and restored. */
    private void event(String suffix, String eventId) {
        browser.go(Stack.gateway() + "/admin/events/" + eventId);
        ConsoleForm edit = ConsoleForm.named(browser, "Edit event");
        browser.assertAccessible("the event page with its editor");
        edit.type("tierConfigs", "Gold | 5000\nRobotics booth | 750\nCommunity")
                .type("linkedMainEventId", "main-" + suffix).type("linkedMainEventYear", "2027")
                .type("sponsorshipGoal", "12000");
        edit.submitAndWaitForReload();
        JsonPath event = admin().get("/api/events/" + eventId).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("gold", "robotics_booth", "community"), event.getList("tierConfigs.tierKey"));
        assertEquals(0, new BigDecimal("5000").compareTo(new BigDecimal(event.getString("tierConfigs[0].defaultAmount"))));
        assertEquals(0, new BigDecimal("750").compareTo(new BigDecimal(event.getString("tierConfigs[1].defaultAmount"))));
        assertNull(event.get("tierConfigs[2].defaultAmount"));
        assertEquals("main-" + suffix, event.getString("linkedMainEventId"));
        assertEquals(2027, event.getInt("linkedMainEventYear"));
        browser.screenshot("event-edited");

        browser.waitClickable(By.xpath("//button[text()='Archive event']")).click();
        browser.until(ExpectedConditions.urlMatches("/admin/events$"));
        assertTrue(admin().get("/api/events/" + eventId).then().extract().jsonPath().getBoolean("archived"));
        browser.go(Stack.gateway() + "/admin/events/" + eventId);
        browser.waitClickable(By.xpath("//button[text()='Restore event']")).click();
        browser.until(ExpectedConditions.urlContains("saved=1"));
        browser.waitFor(By.xpath("//button[text()='Archive event']"));
        assertFalse(admin().get("/api/events/" + eventId).then().extract().jsonPath().getBoolean("archived"));
        browser.screenshot("event-restored");
    }

    /** A vault document's status and type changed, then the document removed (after the confirmation box). */
    private void vault(String suffix, String id) {
        String base = "/api/partners/" + id;
        String title = "Contract " + suffix;
        String doc = admin().body(Map.of("title", title, "url", "https://example.com/contract-" + suffix, "requiresNda", false))
                .when().post(base + "/documents").then().statusCode(201).extract().path("id");
        browser.go(Stack.gateway() + "/admin/partners/" + id + "?tab=vault");
        browser.waitClickable(By.xpath("//summary[text()='Edit or remove “" + title + "”']")).click();
        browser.assertAccessible("the vault with a document's editor open");
        ConsoleForm edit = ConsoleForm.named(browser, "Edit document " + title);
        edit.type("type", "Not A Key");
        assertTrue(edit.submitExpectingError("type").contains("key"), edit.fieldError("type"));
        edit.type("type", "contract").select("status", "signed").type("notes", "Countersigned " + suffix);
        edit.submitAndWaitForReload();
        JsonPath changed = admin().get(base + "/documents/" + doc).then().statusCode(200).extract().jsonPath();
        assertEquals("contract", changed.getString("type"));
        assertEquals("signed", changed.getString("status"));
        assertEquals("Countersigned " + suffix, changed.getString("notes"));
        Topic.Event updated = AccessFlowIT.awaitEvent("nda-events", "partnerportal.DocumentUpdated.v1", "documentId", doc);
        assertTrue(updated.data().path("changedFields").toString().contains("status"), updated.data().toString());

        browser.waitClickable(By.xpath("//summary[text()='Edit or remove “" + title + "”']")).click();
        ConsoleForm remove = ConsoleForm.named(browser, "Remove document " + title);
        assertTrue(remove.submitExpectingError("confirm").contains("tick"), remove.fieldError("confirm"));
        browser.waitClickable(By.xpath("//form[@aria-label='Remove document " + title + "']//label")).click();
        remove.submitAndWaitForReload();
        admin().get(base + "/documents/" + doc).then().statusCode(404);
        JsonPath history = admin().get(base + "/documents/" + doc + "/history").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("removed", "updated"), history.getList("action"));
        AccessFlowIT.awaitEvent("nda-events", "partnerportal.DocumentRemoved.v1", "documentId", doc);
        browser.screenshot("vault-document-removed");
    }

    /**
     * The partner opens the proposal: the admins' first-view alert arrives while the page is still
     * open; the proposal tab then shows one visit and the reading per section.
     */
    private void proposal(String suffix, String id, String name) {
        String base = "/api/partners/" + id;
        admin().body(Map.of("sections", Map.of("hero", "# Welcome " + suffix, "terms", "Two years."))).when()
                .put(base + "/proposal").then().statusCode(200);
        String url = admin().post(base + "/proposal-token").then().statusCode(201).extract().path("url");
        try (Browser partner = Browser.open("ConsoleFeaturesIT-partner")) {
            partner.go(url);
            ProposalPage.opened(partner);
            // nothing read yet and the page still open: the alert comes from the report sent on show
            Mailbox.Mail alert = AccessFlowIT.awaitMail(ADMIN_MAILBOX, name);
            assertEquals("proposal_first_view_alert", alert.template(), "the request's older key, sent under its current name");
            assertTrue(partner.driver().findElement(By.id("sections")).isDisplayed(), "the page is still open");
            partner.dwell(Duration.ofMillis(1500));
        }
        await().atMost(WAIT).until(() -> admin().get(base).then().extract().jsonPath().getInt("proposalViews") == 1);
        browser.go(Stack.gateway() + "/admin/partners/" + id + "?tab=proposal");
        WebElement panel = browser.waitFor(By.id("proposal-analytics"));
        browser.until(d -> fact("Visits").equals("1"));
        assertTrue(panel.getText().contains("Hero"), panel.getText());
        JsonPath analytics = admin().get(base + "/proposal/analytics").then().statusCode(200).extract().jsonPath();
        assertEquals(1, analytics.getInt("visits"));
        assertEquals(1, analytics.getInt("sections[0].visits"));
        browser.assertAccessible("the proposal tab with its reading panel");
        browser.screenshot("proposal-analytics");
    }

    /** The tier report screen and its CSV, downloaded through the button. */
    private void tierReport() throws IOException {
        browser.go(Stack.gateway() + "/admin/reports/tiers");
        browser.waitFor(By.id("tier-report-csv"));
        String headings = browser.driver().findElement(By.tagName("main")).getText();
        assertTrue(headings.contains("Not archived") && headings.contains("In stage: Active"), headings);
        browser.assertAccessible("the tier report");
        browser.screenshot("tier-report");
        browser.driver().findElement(By.id("tier-report-csv")).click();
        String csv = Files.readString(browser.downloaded("tier-report.csv"), StandardCharsets.UTF_8);
        String header = csv.substring(0, csv.indexOf('\r'));
        assertTrue(header.startsWith("tier,label,partners,not_archived,archived,stage_draft,"), header);
        assertFalse(List.of(header.split(",")).contains("active"), header);
        assertEquals(7, csv.split("\r\n").length, "the header, five tiers and all");
    }

    @Test
    void aSuperAdminMailsAnAudienceViewsAsAPartnerUserAndResetsTheDemo() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tag = "mailing-" + suffix;
        String contact = "mail." + suffix + "@features.example";
        String name = "Mailing Partner " + suffix;
        String id = partner(name, contact, "second." + suffix + "@features.example", tag);
        String template = "features_news_" + suffix.replace('-', '_');
        AdminConsoleFormsIT.superAdmin().body(Map.of("subject", "Features news for {partnerName}",
                "textBody", "Dear {contactName}, news " + suffix + " for {partnerName}.", "category", "mass_mail",
                "variables", List.of(Map.of("name", "contactName", "required", true), Map.of("name", "partnerName", "required", true))))
                .when().put("/api/notifications/templates/" + template + "/en").then().statusCode(201);
        // notification-service selects from its projection of the partner: wait until the tag reaches it
        await().atMost(WAIT).until(() -> admin().body(Map.of("template", template, "tags", List.of(tag)))
                .post("/api/notifications/mailings/preview").statusCode() == 200);

        signIn("/admin/mailings", "superadmin");
        ConsoleForm mailing = ConsoleForm.named(browser, "New mass mailing");
        browser.assertAccessible("the mass mailing screen");
        mailing.select("template", template + "|en").type("tags", tag);
        browser.waitClickable(By.id("mailing-preview-button")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("mailing-preview-count"), "1 recipient(s)"));
        assertTrue(browser.driver().findElement(By.id("mailing-preview")).getText().contains("Features news for " + name));
        browser.assertAccessible("the mass mailing preview");
        browser.screenshot("mailing-preview");
        assertTrue(Mailbox.of(contact).isEmpty(), "a preview sends nothing");
        mailing.submit();
        browser.until(ExpectedConditions.urlContains("mailing="));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("mailing-progress"), "1 sent"));
        browser.assertAccessible("the mailing's progress and delivery log");
        browser.screenshot("mailing-sent");
        Mailbox.Mail mail = AccessFlowIT.awaitMail(contact, "news " + suffix);
        assertEquals("Features news for " + name, mail.subject());

        viewAs(suffix, id, name);
        demoReset();
    }

    /** An approved requester becomes a partner user; the super admin views the portal as that user. */
    private void viewAs(String suffix, String id, String name) {
        String email = "viewer." + suffix + "@features.example";
        String request = AccessFlowIT.register("Viewer " + suffix, email, name, "Please let us in.");
        admin().body(Map.of("partnerId", id)).when().post("/api/access-requests/" + request + "/approve").then().statusCode(200);
        String userId = await().atMost(WAIT).until(() -> admin().get("/api/partners/" + id + "/users").then().extract()
                .jsonPath().getString("find { it.email == '" + email + "' }.userId"), v -> v != null);
        browser.go(Stack.gateway() + "/admin/partners/" + id);
        browser.waitClickable(By.cssSelector("a[aria-label=\"View as " + email + " (read-only)\"]")).click();
        WebElement banner = browser.waitFor(By.id("impersonation-banner"));
        assertTrue(banner.getText().contains(userId), banner.getText());
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), name));
        browser.assertAccessible("view as a partner user");
        browser.screenshot("view-as");
    }

    /** The demo partner's proposal links cleared from the console (after the confirmation box). */
    private void demoReset() {
        String base = "/api/partners/" + Stack.DEMO_PARTNER;
        admin().post(base + "/proposal-token").then().statusCode(201);
        assertFalse(admin().get(base + "/proposal-tokens").then().extract().jsonPath().getList("items").isEmpty());
        browser.go(Stack.gateway() + "/admin/partners/" + Stack.DEMO_PARTNER);
        ConsoleForm reset = ConsoleForm.named(browser, "Reset demo data");
        assertTrue(reset.submitExpectingError("confirm").contains("tick"), reset.fieldError("confirm"));
        browser.waitClickable(By.xpath("//form[@aria-label='Reset demo data']//label")).click();
        reset.submit();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("demo-reset-result"), "Demo data reset"));
        browser.screenshot("demo-reset");
        assertTrue(admin().get(base + "/proposal-tokens").then().extract().jsonPath().getList("items").isEmpty(),
                "the demo partner's links are gone");
    }

    @Test
    void theRegisterPagesLanguageReachesTheApproval() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String company = "Arabic Registrant Co " + suffix;
        String id = PartnerJourneyIT.createPartner(company, "A partner an Arabic-speaking requester joins.", "Media",
                "bronze", Map.of("name", "Muna", "email", "muna." + suffix + "@features.example", "role", "Director"));
        String email = "rana." + suffix + "@features.example";
        browser.go(Stack.gateway() + "/partner/register?lang=ar");
        browser.waitFor(By.id("register-form"));
        assertEquals("ar rtl", browser.languageAndDirection());
        WebDriver d = browser.driver();
        d.findElement(By.name("name")).sendKeys("رنا البوسعيدي");
        d.findElement(By.name("email")).sendKeys(email);
        d.findElement(By.name("company")).sendKeys(company);
        d.findElement(By.id("register-submit")).click();
        browser.waitFor(By.id("success"));
        browser.screenshot("register-ar");
        String request = d.findElement(By.id("request-id")).getText();
        assertEquals("ar", admin().get("/api/access-requests/" + request).then().statusCode(200).extract().path("lang"));
        admin().body(Map.of("partnerId", id)).when().post("/api/access-requests/" + request + "/approve").then().statusCode(200);
        Mailbox.Mail mail = AccessFlowIT.awaitMail(email, "مرحباً");
        assertTrue(mail.subject().startsWith("تمت الموافقة"), mail.subject());
        assertNotNull(mail.template());
    }

    private String fact(String label) {
        return browser.fact(label);
    }

    private void signIn(String path) {
        signIn(path, "admin");
    }

    private void signIn(String path, String user) {
        browser.signIn(Stack.gateway() + path, user);
    }
}

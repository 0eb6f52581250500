package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.partnerportal.systemtests.web.Browser;
import org.partnerportal.systemtests.web.NdaPage;
import org.partnerportal.systemtests.web.PortalPage;
import org.partnerportal.systemtests.web.ProposalPage;

/**
 * The admin console in a real browser (headless Chromium): an admin signs in through Keycloak's own
 * login page, creates a partner (a bad field first: the API's error shows beside that field), drags
 * the card across the kanban (a refused move shows the reason), issues a proposal link; a visitor
 * signed in gets the 403 page, never the console. Every page's screenshot is kept; the browser
 * console must show no error beyond the HTTP answers the test provokes on purpose.
 */
class AdminConsoleIT {

    private static final Pattern PORTAL_LINK = Pattern.compile("/portal/(p2\\.[A-Za-z0-9._-]+)");

    private Browser browser;

    @BeforeAll
    static void stack() {
        Stack.ensureUp();
        // a stack just started answers its first calls slowly: the browser starts once each service is warm
        String partner = "/api/partners/" + Stack.DEMO_PARTNER;
        for (String path : List.of(partner, partner + "/timeline", partner + "/events", partner + "/proposal-tokens",
                "/api/dashboard", "/api/notifications/deliveries")) {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> given()
                    .baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin")).get(path).statusCode() == 200);
        }
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> given()
                .baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin")).contentType("application/json")
                .body("{}").post("/api/partners").statusCode() == 400);
    }

    @BeforeEach
    void open() {
        browser = Browser.open("AdminConsoleIT");
    }

    @AfterEach
    void close(TestInfo test) {
        // the last page, whatever happened: the post-mortem of a failure starts here
        browser.screenshot("last-" + test.getTestMethod().map(m -> m.getName()).orElse("test"));
        browser.close();
    }

    /** Opens {@code path}, meets Keycloak's login page and signs in as {@code user} (password = user name). */
    static void signIn(Browser browser, String path, String user) {
        WebDriver d = browser.driver();
        d.get(Stack.gateway() + path);
        browser.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
        browser.screenshot("keycloak-login-" + user);
        d.findElement(By.id("username")).sendKeys(user);
        d.findElement(By.id("password")).sendKeys(user);
        d.findElement(By.id("kc-login")).click();
        browser.until(ExpectedConditions.urlContains(Stack.gateway()));
    }

    @Test
    void anAdminTakesANewPartnerFromTheDirectoryToTheSignedNdaAndTheGatedDocument() throws IOException {
        WebDriver d = browser.driver();
        signIn(browser, "/admin/partners/new", "admin");

        WebElement form = browser.until(ExpectedConditions.presenceOfElementLocated(By.id("partner-form")));
        browser.assertAccessible("the new-partner form");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "Falcon Labs " + suffix;
        String contact = "huda." + suffix + "@falcon.example";
        form.findElement(By.name("name")).sendKeys(name);
        form.findElement(By.name("description")).sendKeys("short");
        form.findElement(By.name("industry")).sendKeys("Robotics");
        form.findElement(By.name("contacts[0].name")).sendKeys("Huda Saleh");
        form.findElement(By.name("contacts[0].email")).sendKeys(contact);
        form.findElement(By.name("contacts[0].role")).sendKeys("CTO");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        // the API refuses the short description; its message stands beside the description field
        WebElement description = form.findElement(By.name("description"));
        browser.until(ExpectedConditions.attributeToBe(description, "aria-invalid", "true"));
        WebElement error = d.findElement(By.cssSelector(".pp-field-error"));
        assertTrue(error.getText().contains("10"), error.getText());
        assertTrue(description.getAttribute("aria-describedby").contains(error.getAttribute("id")),
                "the field is described by its error");
        assertEquals(description.findElement(By.xpath("..")), error.findElement(By.xpath("..")), "beside the field");
        browser.screenshot("admin-partner-form-error");
        browser.assertAccessible("the new-partner form with a field error");

        description.clear();
        description.sendKeys("Builds autonomous drones for desert logistics.");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.until(ExpectedConditions.urlContains("saved=1"));
        String id = d.getCurrentUrl().replaceAll(".*/admin/partners/([^/?]+).*", "$1");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".primary-mark"), "Primary"));
        browser.screenshot("admin-partner-page");
        browser.assertAccessible("the partner's page after its creation");

        d.get(Stack.gateway() + "/admin/pipeline");
        By card = By.cssSelector(".card[data-id='" + id + "']");
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".column[data-stage='draft'] .card[data-id='" + id + "']")));
        browser.assertAccessible("the pipeline kanban");
        drag(d, d.findElement(card), d.findElement(By.cssSelector(".column[data-stage='proposal_sent']")));
        browser.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".column[data-stage='proposal_sent'] .card[data-id='" + id + "']")));
        browser.screenshot("admin-kanban-moved");
        browser.assertAccessible("the pipeline kanban after a move");

        // proposal_sent -> active is not a move the pipeline allows: the reason is shown, the card stays
        drag(d, d.findElement(card), d.findElement(By.cssSelector(".column[data-stage='active']")));
        WebElement refusal = browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kanban-status .pp-alert")));
        assertTrue(refusal.getText().contains("cannot move from proposal_sent to active"), refusal.getText());
        assertTrue(refusal.getText().contains("Meeting scheduled"), "the allowed moves: " + refusal.getText());
        assertFalse(d.findElements(By.cssSelector(".column[data-stage='proposal_sent'] .card[data-id='" + id + "']")).isEmpty());
        browser.screenshot("admin-kanban-refused");
        browser.assertAccessible("the pipeline kanban with a refused move");

        // the keyboard way: the card's "Move to" menu
        WebElement menu = d.findElement(card).findElement(By.name("target"));
        new Select(menu).selectByValue("meeting_scheduled");
        d.findElement(card).findElement(By.cssSelector(".move button")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".column[data-stage='meeting_scheduled'] .card[data-id='" + id + "']")));

        // the proposal, written in the console's editor, then its link, shown once
        d.get(Stack.gateway() + "/admin/partners/" + id + "?tab=proposal");
        WebElement editor = browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Proposal editor']")));
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("hero", "# Fly with us\nThe region's largest **student hackathon**.");
        sections.put("terms", "- Three years\n- Renewable by either side");
        sections.put("metrics", "1. 12,000 participants\n2. 40 universities");
        sections.put("next_steps", "Sign the NDA to open the vault.");
        sections.forEach((section, text) -> editor.findElement(By.name("sections." + section)).sendKeys(text));
        editor.findElement(By.cssSelector("button[type=submit]")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pp-toasts"), "Proposal saved."));
        assertEquals(sections.keySet(), PartnerJourneyIT.admin().when().get("/api/partners/" + id + "/proposal")
                .then().statusCode(200).extract().jsonPath().getMap("sections").keySet());
        browser.until(ExpectedConditions.elementToBeClickable(By.id("issue-token"))).click();
        WebElement link = browser.until(ExpectedConditions.presenceOfElementLocated(By.id("proposal-url")));
        String proposalUrl = link.getText();
        assertTrue(proposalUrl.startsWith(Stack.gateway() + "/partnership/" + id + "?token="), "a proposal link");
        browser.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//td[text()='valid']")));
        browser.screenshot("admin-proposal-link");
        browser.assertAccessible("the partner's proposal tab");

        // a document for NDA holders only, uploaded to the vault from the console
        byte[] deck = ("Falcon deck " + suffix).getBytes(StandardCharsets.UTF_8);
        Path deckFile = Files.createTempFile("falcon-deck-", ".pdf");
        Files.write(deckFile, deck);
        d.get(Stack.gateway() + "/admin/partners/" + id + "?tab=vault");
        WebElement upload = browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Upload a document']")));
        upload.findElement(By.name("file")).sendKeys(deckFile.toString());
        upload.findElement(By.name("title")).sendKeys("Falcon deck");
        assertTrue(upload.findElement(By.name("requiresNda")).isSelected(), "gated by default");
        upload.findElement(By.cssSelector("button[type=submit]")).click();
        browser.until(ExpectedConditions.urlContains("saved=1"));
        // the console offers the file back as it was uploaded
        browser.until(ExpectedConditions.elementToBeClickable(By.xpath("//td/a[text()='Falcon deck']"))).click();
        assertArrayEquals(deck, Files.readAllBytes(browser.downloaded(deckFile.getFileName().toString())));
        String docId = PartnerJourneyIT.admin().when().get("/api/partners/" + id + "/documents").then().statusCode(200)
                .extract().jsonPath().getString("items.find { it.title == 'Falcon deck' }.id");
        browser.assertAccessible("the partner's vault tab");

        // portal access, e-mailed to the primary contact from the console
        d.get(Stack.gateway() + "/admin/partners/" + id + "?tab=portal");
        WebElement send = browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main form")));
        assertEquals(contact, send.findElement(By.name("recipient")).getAttribute("value"), "the primary contact, proposed");
        send.findElement(By.cssSelector("button[type=submit]")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pp-toasts"), "Sent to " + contact));
        browser.assertAccessible("the partner's portal tab");
        Matcher portalLink = PORTAL_LINK.matcher(AccessFlowIT.awaitMail(contact, "/portal/").text());
        assertTrue(portalLink.find(), "the portal link is in the e-mail");

        // the partner, in a browser of their own at their own address, opens the very link the console showed
        String portalToken = portalLink.group(1);
        String reference;
        try (Browser partner = Browser.open("AdminConsoleIT-partner").from(partnerAddress())) {
            partner.go(proposalUrl);
            ProposalPage proposal = ProposalPage.opened(partner);
            assertEquals(List.copyOf(sections.keySet()), proposal.sections());
            partner.screenshot("proposal");
            partner.assertAccessible("the proposal page");
            proposal.readEverySection(Duration.ofMillis(1200));
            NdaPage nda = proposal.signTheNda();
            nda.language("ar");
            assertEquals("ar rtl", partner.languageAndDirection());
            partner.assertAccessible("the NDA page's details step, in Arabic");
            nda.details("هدى صالح", contact, "الرئيسة التقنية");
            partner.assertAccessible("the NDA page's reading step, in Arabic");
            nda.readToTheEnd();
            partner.assertAccessible("the NDA page's signing step, in Arabic");
            nda.sign("هدى صالح");
            reference = nda.reference();
            assertTrue(reference.matches("NDA-\\d{5,}"), reference);
            assertEquals("ar rtl", partner.languageAndDirection());
            partner.screenshot("nda-signed-ar");
            partner.assertAccessible("the NDA page's confirmation, in Arabic");

            PortalPage portal = PortalPage.open(partner, Stack.gateway(), portalToken);
            assertTrue(portal.ndaReferences().contains(reference), portal.ndaReferences().toString());
            assertArrayEquals(deck, Files.readAllBytes(portal.download(docId, deckFile.getFileName().toString())));
            partner.screenshot("portal");
            partner.assertAccessible("the portal");
            partner.assertNoConsoleErrors();
        }

        // back in the console: the signed NDA with its evidence, the reading on the timeline and the card
        d.get(Stack.gateway() + "/admin/partners/" + id + "?tab=ndas");
        WebElement signed = browser.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//details/summary[starts-with(text(), '" + reference + "')]")));
        signed.click();
        assertTrue(d.findElement(By.xpath("//a[@href='/api/ndas/" + reference + "/certificate']")).isDisplayed());
        browser.screenshot("admin-nda-history");
        browser.assertAccessible("the partner's NDA tab");
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> WebJourneyIT.viewedSections(id).containsAll(sections.keySet()));
        // one visit of the page, however many sections it reported: the kanban counts visits
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> PartnerJourneyIT.partner(id).getInt("proposalViews") >= 1);
        assertEquals(1, PartnerJourneyIT.partner(id).getInt("proposalViews"), "one visit");
        d.get(Stack.gateway() + "/admin/partners/" + id);
        browser.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//li/strong[contains(text(), 'next_steps')]")));
        browser.assertAccessible("the partner's overview");
        d.get(Stack.gateway() + "/admin/pipeline");
        WebElement moved = browser.until(ExpectedConditions.presenceOfElementLocated(card));
        assertTrue(moved.getText().matches("(?s).*\\b1 proposal visit\\(s\\).*"), moved.getText());

        for (String page : List.of("/admin", "/admin/partners", "/admin/access-requests", "/admin/events",
                "/admin/notifications", "/admin/partners/" + id + "?tab=activity")) {
            d.get(Stack.gateway() + page);
            browser.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.tagName("main"), "Loading…")));
            browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
            assertTrue(d.findElements(By.xpath("//h1[text()='This page could not be shown']")).isEmpty(), page);
            browser.screenshot("admin" + page.replaceAll("[^A-Za-z0-9]+", "-"));
            browser.assertAccessible(page);
        }
        // provoked on purpose: the 400 of the bad field, the 409 of the refused move, no proposal content yet
        browser.assertNoConsoleErrors(400, 404, 409);
    }

    @Test
    void aVisitorSignedInGetsTheForbiddenPageNotTheConsole() {
        signIn(browser, "/admin", "visitor");
        WebElement heading = browser.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        assertTrue(heading.getText().startsWith("403"), heading.getText());
        assertTrue(browser.driver().findElements(By.cssSelector(".console-nav")).isEmpty(), "no console");
        browser.screenshot("visitor-forbidden");
        browser.assertAccessible("the 403 page");
    }

    @Test
    void aPartnerUserSignedInSeesTheirOwnPartnerPageAndIsKeptOutOfTheConsole() {
        String name = PartnerJourneyIT.partner(Stack.DEMO_PARTNER).getString("name");
        signIn(browser, "/me", "partner");
        browser.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), name));
        assertFalse(browser.driver().findElements(By.xpath("//h2[text()='Timeline']")).isEmpty(), "their timeline");
        browser.screenshot("partner-me");
        browser.assertAccessible("a partner user's own page");

        // the console is for the program's staff: a partner user asking for it is sent back to their own page
        browser.driver().get(Stack.gateway() + "/admin/partners");
        browser.until(ExpectedConditions.urlToBe(Stack.gateway() + "/me"));
        browser.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), name));
        assertTrue(browser.driver().findElements(By.cssSelector(".console-nav")).isEmpty(), "no console");
        browser.assertNoConsoleErrors();
    }

    @Test
    void theConsoleFitsAPhoneScreen() {
        try (Browser phone = Browser.phone("AdminConsoleIT-phone")) {
            signIn(phone, "/admin", "admin");
            for (String page : List.of("/admin", "/admin/partners", "/admin/pipeline", "/admin/access-requests",
                    "/admin/events", "/admin/partners/" + Stack.DEMO_PARTNER, "/admin/partners/" + Stack.DEMO_PARTNER + "?tab=activity")) {
                phone.go(Stack.gateway() + page);
                phone.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.tagName("main"), "Loading…")));
                phone.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
                // the kanban's columns scroll inside their own strip; the page itself never scrolls sideways
                long overflow = (Long) phone.script("return document.documentElement.scrollWidth - window.innerWidth;");
                assertTrue(overflow <= 0, page + " is wider than the screen by " + overflow + " px");
                phone.screenshot("phone" + page.replaceAll("[^A-Za-z0-9]+", "-"));
                phone.assertAccessible(page + " on a phone");
            }
            phone.assertNoConsoleErrors();
        }
    }

    /** An address of the documentation range, the partner's office: its own budgets at the gateway. */
    static String partnerAddress() {
        return ClientAddresses.next();
    }

    /** HTML5 drag and drop as the browser dispatches it (WebDriver's own drag does not fire these events). */
    private static void drag(WebDriver d, WebElement source, WebElement target) {
        ((JavascriptExecutor) d).executeScript("const s = arguments[0], t = arguments[1], dt = new DataTransfer();"
                + "s.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));"
                + "t.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));"
                + "t.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));"
                + "s.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));", source, target);
    }
}

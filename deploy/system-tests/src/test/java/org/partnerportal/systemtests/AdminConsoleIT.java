package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

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
import org.partnerportal.systemtests.web.Browser;

/**
 * The admin console in a real browser (headless Chromium): an admin signs in through Keycloak's own
 * login page, creates a partner (a bad field first: the API's error shows beside that field), drags
 * the card across the kanban (a refused move shows the reason), issues a proposal link; a visitor
 * signed in gets the 403 page, never the console. Every page's screenshot is kept; the browser
 * console must show no error beyond the HTTP answers the test provokes on purpose.
 */
class AdminConsoleIT {

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
    void anAdminCreatesAPartnerMovesItOnTheKanbanAndIssuesAProposalLink() {
        WebDriver d = browser.driver();
        signIn(browser, "/admin/partners/new", "admin");

        WebElement form = browser.until(ExpectedConditions.presenceOfElementLocated(By.id("partner-form")));
        String name = "Falcon Labs " + UUID.randomUUID().toString().substring(0, 8);
        form.findElement(By.name("name")).sendKeys(name);
        form.findElement(By.name("description")).sendKeys("short");
        form.findElement(By.name("industry")).sendKeys("Robotics");
        form.findElement(By.name("contacts[0].name")).sendKeys("Huda Saleh");
        form.findElement(By.name("contacts[0].email")).sendKeys("huda@falcon.example");
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

        description.clear();
        description.sendKeys("Builds autonomous drones for desert logistics.");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.until(ExpectedConditions.urlContains("saved=1"));
        String id = d.getCurrentUrl().replaceAll(".*/admin/partners/([^/?]+).*", "$1");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".primary-mark"), "Primary"));
        browser.screenshot("admin-partner-page");

        d.get(Stack.gateway() + "/admin/pipeline");
        By card = By.cssSelector(".card[data-id='" + id + "']");
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".column[data-stage='draft'] .card[data-id='" + id + "']")));
        drag(d, d.findElement(card), d.findElement(By.cssSelector(".column[data-stage='proposal_sent']")));
        browser.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".column[data-stage='proposal_sent'] .card[data-id='" + id + "']")));
        browser.screenshot("admin-kanban-moved");

        // proposal_sent -> active is not a move the pipeline allows: the reason is shown, the card stays
        drag(d, d.findElement(card), d.findElement(By.cssSelector(".column[data-stage='active']")));
        WebElement refusal = browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kanban-status .pp-alert")));
        assertTrue(refusal.getText().contains("cannot move from proposal_sent to active"), refusal.getText());
        assertTrue(refusal.getText().contains("Meeting scheduled"), "the allowed moves: " + refusal.getText());
        assertFalse(d.findElements(By.cssSelector(".column[data-stage='proposal_sent'] .card[data-id='" + id + "']")).isEmpty());
        browser.screenshot("admin-kanban-refused");

        // the keyboard way: the card's "Move to" menu
        WebElement menu = d.findElement(card).findElement(By.name("target"));
        new org.openqa.selenium.support.ui.Select(menu).selectByValue("meeting_scheduled");
        d.findElement(card).findElement(By.cssSelector(".move button")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".column[data-stage='meeting_scheduled'] .card[data-id='" + id + "']")));

        d.get(Stack.gateway() + "/admin/partners/" + id + "?tab=proposal");
        browser.until(ExpectedConditions.elementToBeClickable(By.id("issue-token"))).click();
        WebElement link = browser.until(ExpectedConditions.presenceOfElementLocated(By.id("proposal-url")));
        assertTrue(link.getText().startsWith(Stack.gateway() + "/partnership/" + id + "?token="), "a proposal link");
        browser.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//td[text()='valid']")));
        browser.screenshot("admin-proposal-link");

        for (String page : List.of("/admin", "/admin/partners", "/admin/access-requests", "/admin/events",
                "/admin/notifications", "/admin/partners/" + id + "?tab=ndas", "/admin/partners/" + id + "?tab=vault",
                "/admin/partners/" + id + "?tab=activity")) {
            d.get(Stack.gateway() + page);
            browser.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.tagName("main"), "Loading…")));
            browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
            assertTrue(d.findElements(By.xpath("//h1[text()='This page could not be shown']")).isEmpty(), page);
            browser.screenshot("admin" + page.replaceAll("[^A-Za-z0-9]+", "-"));
        }
        // provoked on purpose: the 400 of the bad field, the 409 of the refused move, no proposal content yet
        browser.assertNoConsoleErrors("/api/partners - ", "/stage - ", "/proposal - ");
    }

    @Test
    void aVisitorSignedInGetsTheForbiddenPageNotTheConsole() {
        signIn(browser, "/admin", "visitor");
        WebElement heading = browser.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        assertTrue(heading.getText().startsWith("403"), heading.getText());
        assertTrue(browser.driver().findElements(By.cssSelector(".console-nav")).isEmpty(), "no console");
        browser.screenshot("visitor-forbidden");
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

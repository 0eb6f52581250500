package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnerportal.systemtests.web.Browser;
import org.partnerportal.systemtests.web.NdaPage;
import org.partnerportal.systemtests.web.PortalPage;
import org.partnerportal.systemtests.web.ProposalPage;
import org.partnerportal.systemtests.web.RegisterPage;

/**
 * The partner-facing pages in a real headless Chromium against the whole stack: the partner reads
 * the proposal (the reading times reach the timeline), signs the NDA in Arabic, and downloads the
 * gated document from the portal; a visitor asks for access. The state behind the pages is made
 * through the API, as an admin would; every page leaves a screenshot in target/screenshots.
 */
class WebJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Browser browser;

    @BeforeAll
    static void start() {
        Stack.ensureUp();
        browser = Browser.open("WebJourneyIT");
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void thePartnerReadsTheProposalSignsTheNdaInArabicAndDownloadsTheGatedDocument() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contact = "huda." + suffix + "@omantel-labs.example";
        String id = PartnerJourneyIT.admin().body(Map.of("name", "Web Partner " + suffix, "description", "A partner taken through the web pages.", "industry", "Telecom",
                "tier", "gold", "contacts", List.of(Map.of("name", "Huda Al-Hinai", "email", contact, "role", "Head of partnerships", "isPrimary", true))))
                .when().post("/api/partners").then().statusCode(201).extract().path("id");
        Map<String, Object> content = Map.of("sections", Map.of(
                "hero", "# Partner with us\nThe region's largest **student hackathon**.",
                "terms", "- Three years\n- Renewable by either side",
                "metrics", "1. 12,000 participants\n2. 40 universities",
                "next_steps", "Sign the NDA to open the vault. Questions? [Write to us](mailto:partners@example.test)"));
        await().atMost(WAIT).until(() -> PartnerJourneyIT.admin().body(content).when()
                .put("/api/partners/" + id + "/proposal").statusCode() == 200);
        String token = PartnerJourneyIT.admin().body(Map.of()).when().post("/api/partners/" + id + "/proposal-token")
                .then().statusCode(201).extract().path("token");
        byte[] deck = ("Confidential deck " + suffix).getBytes(StandardCharsets.UTF_8);
        String docId = given().baseUri(Stack.gateway()).auth().oauth2(Keycloak.token("admin"))
                .multiPart("file", "deck.pdf", deck, "application/pdf").multiPart("title", "Partnership deck")
                .multiPart("requiresNda", "true")
                .when().post("/api/partners/" + id + "/documents").then().statusCode(201).extract().path("id");
        String portalUrl = PartnerJourneyIT.admin().body(Map.of("recipient", contact)).when()
                .post("/api/partners/" + id + "/portal-access").then().statusCode(202).extract().path("url");
        String portalToken = portalUrl.substring(portalUrl.indexOf("/portal/") + "/portal/".length());

        // before the NDA the portal lists the document but explains why it cannot be downloaded yet
        PortalPage before = PortalPage.open(browser, Stack.gateway(), portalToken);
        assertFalse(before.downloadable(docId), "gated before the NDA");
        assertTrue(browser.driver().getPageSource().contains("Available once your organisation has signed the NDA."));
        browser.screenshot("portal-before-nda");
        browser.assertNoConsoleErrors();

        // the proposal: the sections only with the token, each one read for a while
        ProposalPage proposal = ProposalPage.open(browser, Stack.gateway(), id, token);
        assertEquals(List.of("hero", "terms", "metrics", "next_steps"), proposal.sections());
        browser.screenshot("proposal");
        proposal.readEverySection(Duration.ofMillis(1500));
        browser.assertNoConsoleErrors();
        NdaPage nda = proposal.signTheNda();

        // leaving the page sent the reading times (sendBeacon): they are on the partner's timeline
        Set<String> sections = Set.of("hero", "terms", "metrics", "next_steps");
        await().atMost(WAIT).until(() -> viewedSections(id).containsAll(sections));
        await().atMost(WAIT).until(() -> PartnerJourneyIT.partner(id).getInt("proposalViews") >= sections.size());

        // the NDA, in Arabic: right to left, the Arabic text, locked until read to its end
        nda.language("ar");
        assertEquals("ar rtl", browser.languageAndDirection());
        nda.details("هدى الهنائية", contact, "مديرة الشراكات");
        assertTrue(nda.readingLocked(), "the next step waits until the text is read to its end");
        assertTrue(browser.driver().findElement(org.openqa.selenium.By.id("nda-text")).getText()
                .contains("اتفاقية عدم إفصاح"), "the Arabic NDA text");
        browser.screenshot("nda-text-ar");
        nda.readToTheEnd().sign("هدى الهنائية");
        String reference = nda.reference();
        assertTrue(reference.matches("NDA-\\d{5,}"), reference);
        assertEquals("ar rtl", browser.languageAndDirection());
        browser.screenshot("nda-signed-ar");
        browser.assertNoConsoleErrors();
        byte[] certificate = given().when().get(nda.certificateHref()).then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        assertTrue(new String(certificate, 0, 8, StandardCharsets.ISO_8859_1).startsWith("%PDF"));

        // the portal again: the NDA is listed and the gated document downloads, byte for byte
        PortalPage after = PortalPage.open(browser, Stack.gateway(), portalToken);
        assertTrue(after.ndaReferences().contains(reference), after.ndaReferences().toString());
        assertArrayEquals(deck, Files.readAllBytes(after.download(docId, "deck.pdf")));
        browser.screenshot("portal-after-nda");
        browser.assertNoConsoleErrors();
        PartnerJourneyIT.admin().when().get("/api/partners/" + id + "/downloads").then().statusCode(200);
        await().atMost(WAIT).until(() -> PartnerJourneyIT.admin().when().get("/api/partners/" + id + "/downloads")
                .then().statusCode(200).extract().jsonPath().getList("items.documentId").contains(docId));
    }

    @Test
    void aVisitorRequestsAccessAndSeesTheApisFieldErrorBesideTheField() {
        String email = "amal." + UUID.randomUUID().toString().substring(0, 8) + "@duqm-energy.example";
        RegisterPage page = RegisterPage.open(browser, Stack.gateway());
        browser.screenshot("register");
        page.fill("A", email, "Duqm Energy", "We would like to sponsor the next hackathon.").submit();
        assertFalse(page.fieldError("name").isBlank(), "the name's error is shown beside it");
        assertEquals("", page.fieldError("email"));
        browser.screenshot("register-field-error");
        browser.assertNoConsoleErrors("status of 400");

        page.fill("Amal Al-Rawahi", email, "Duqm Energy", "We would like to sponsor the next hackathon.").submit();
        assertTrue(page.succeeded());
        assertFalse(page.requestId().isBlank());
        browser.screenshot("register-sent");
        browser.assertNoConsoleErrors();
        assertTrue(PartnerJourneyIT.admin().queryParam("size", 200).when().get("/api/access-requests").then()
                .statusCode(200).extract().jsonPath().getList("items.email").contains(email));
    }

    @Test
    void thePagesFitASmallPhoneScreen() {
        try (Browser phone = Browser.phone("WebJourneyIT-phone")) {
            for (String path : List.of("/partner/register?lang=ar", "/sign/" + Stack.DEMO_PARTNER + "/nda?lang=ar")) {
                phone.go(Stack.gateway() + path);
                phone.waitFor(org.openqa.selenium.By.cssSelector("main form"));
                long overflow = (Long) phone.script("return document.documentElement.scrollWidth - window.innerWidth;");
                assertTrue(overflow <= 0, path + " is wider than the screen by " + overflow + " px");
                assertEquals("ar rtl", phone.languageAndDirection());
            }
            phone.screenshot("nda-phone-ar");
            phone.assertNoConsoleErrors();
        }
    }

    private static Set<String> viewedSections(String id) {
        List<String> titles = PartnerJourneyIT.admin().queryParam("kind", "proposal_viewed").queryParam("size", 200)
                .when().get("/api/partners/" + id + "/timeline").then().statusCode(200).extract().jsonPath()
                .getList("items.title");
        return titles.stream().map(t -> t.substring(t.lastIndexOf(": ") + 2)).collect(Collectors.toSet());
    }
}

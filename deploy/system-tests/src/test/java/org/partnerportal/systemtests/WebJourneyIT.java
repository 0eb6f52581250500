package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
        String id = PartnerJourneyIT.createPartner("Web Partner " + suffix, "A partner taken through the web pages.",
                "Telecom", "gold", Map.of("name", "Huda Al-Hinai", "email", contact, "role", "Head of partnerships"));
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
        browser.assertAccessible("the portal before the NDA");
        browser.assertNoConsoleErrors();

        // the proposal: the sections only with the token, each one read for a while
        ProposalPage proposal = ProposalPage.open(browser, Stack.gateway(), id, token);
        assertEquals(List.of("hero", "terms", "metrics", "next_steps"), proposal.sections());
        browser.screenshot("proposal");
        browser.assertAccessible("the proposal page");
        proposal.readEverySection(Duration.ofMillis(1500));
        browser.assertNoConsoleErrors();
        NdaPage nda = proposal.signTheNda();

        // leaving the page sent the reading times (sendBeacon): they are on the partner's timeline
        Set<String> sections = Set.of("hero", "terms", "metrics", "next_steps");
        await().atMost(WAIT).until(() -> viewedSections(id).containsAll(sections));
        // one visit of the page, whatever the number of section reports: that is what the kanban counts
        await().atMost(WAIT).until(() -> PartnerJourneyIT.partner(id).getInt("proposalViews") >= 1);
        assertEquals(1, PartnerJourneyIT.partner(id).getInt("proposalViews"), "one visit");

        // the NDA, in Arabic: right to left, the Arabic text, locked until read to its end
        nda.language("ar");
        assertEquals("ar rtl", browser.languageAndDirection());
        nda.details("هدى الهنائية", contact, "مديرة الشراكات");
        assertTrue(nda.readingLocked(), "the next step waits until the text is read to its end");
        assertTrue(browser.driver().findElement(By.id("nda-text")).getText()
                .contains("اتفاقية عدم إفصاح"), "the Arabic NDA text");
        browser.screenshot("nda-text-ar");
        browser.assertAccessible("the NDA page's reading step, in Arabic");
        nda.readToTheEnd().sign("هدى الهنائية");
        String reference = nda.reference();
        assertTrue(reference.matches("NDA-\\d{5,}"), reference);
        assertEquals("ar rtl", browser.languageAndDirection());
        browser.screenshot("nda-signed-ar");
        browser.assertAccessible("the NDA page's confirmation, in Arabic");
        browser.assertNoConsoleErrors();
        byte[] certificate = given().when().get(nda.certificateHref()).then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        assertTrue(new String(certificate, 0, 8, StandardCharsets.ISO_8859_1).startsWith("%PDF"));

        // the portal again: the NDA is listed and the gated document downloads, byte for byte
        PortalPage after = PortalPage.open(browser, Stack.gateway(), portalToken);
        assertTrue(after.ndaReferences().contains(reference), after.ndaReferences().toString());
        assertArrayEquals(deck, Files.readAllBytes(after.download(docId, "deck.pdf")));
        browser.screenshot("portal-after-nda");
        browser.assertAccessible("the portal after the NDA");
        browser.assertNoConsoleErrors();
        PartnerJourneyIT.admin().when().get("/api/partners/" + id + "/downloads").then().statusCode(200);
        await().atMost(WAIT).until(() -> PartnerJourneyIT.admin().when().get("/api/partners/" + id + "/downloads")
                .then().statusCode(200).extract().jsonPath().getList("items.documentId").contains(docId));
    }

    /**
     * Stands in for an agreement that changed while the page was open: the page is given the text it
     * fetches with the hash of another text (the text in force cannot change in a running stack; a
     * new version ships with a release). nda-service's own check then refuses each signature.
     */
    private static final String STALE_TEXT = """
            const fetchNow = window.fetch;
            window.fetch = (input, init) => String(input.url || input).includes('/api/nda/template')
              ? fetchNow(input, init).then(r => r.json()).then(t => new Response(
                  JSON.stringify({ ...t, sha256: '0'.repeat(64) }), { headers: { 'Content-Type': 'application/json' } }))
              : fetchNow(input, init);
            """;

    @Test
    void theNdaPageExplainsAChangedTextAndThenTheSigningLimitAndSignsNothing() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contact = "salim." + suffix + "@sohar-port.example";
        String id = PartnerJourneyIT.createPartner("Limits Partner " + suffix, "A partner whose signer meets the NDA's errors.",
                "Logistics", "silver", Map.of("name", "Salim Al-Harthy", "email", contact, "role", "Port director"));
        // a link can be issued once nda-service has heard of the partner (PartnerCreated, a moment later)
        String token = await().atMost(WAIT).until(() -> PartnerJourneyIT.admin().body(Map.of()).when()
                .post("/api/partners/" + id + "/proposal-token"), r -> r.statusCode() == 201).path("token");

        // the signer's own address: the three attempts an hour are theirs, not the other tests'
        try (Browser signer = Browser.open("WebJourneyIT-nda-errors").from(AdminConsoleIT.partnerAddress())) {
            signer.go(Stack.gateway() + "/sign/" + id + "/nda?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            NdaPage nda = NdaPage.opened(signer);
            signer.script(STALE_TEXT);
            nda.details("Salim Al-Harthy", contact, "Port director").readToTheEnd();
            for (int attempt = 1; attempt <= 3; attempt++) {
                nda.submitSignature("Salim Al-Harthy");
                String changed = nda.awaitError("The agreement has been updated since you opened it.");
                assertTrue(changed.contains("Please read the new version before signing."), changed);
                assertEquals(2, nda.step(), "back to the text, to read it again");
                assertTrue(nda.readingLocked(), "locked again until the new text is read to its end");
                if (attempt == 1) {
                    signer.screenshot("nda-text-changed");
                    signer.assertAccessible("the NDA page with the changed-text error");
                }
                nda.readToTheEnd();
            }
            // the fourth attempt within the hour is refused at the gateway: the page says when to come back
            nda.submitSignature("Salim Al-Harthy");
            String limited = nda.awaitError("Too many signing attempts from your address.");
            assertTrue(limited.matches(".*try again in ([1-9]|[1-5]\\d|60) minute\\(s\\)\\..*"), limited);
            assertEquals(3, nda.step(), "the signature stays, to be sent later");
            signer.screenshot("nda-rate-limited");
            signer.assertAccessible("the NDA page with the rate-limit error");
            // said again in the other language
            nda.language("ar");
            nda.awaitError("محاولات توقيع كثيرة من عنوانك");
            signer.screenshot("nda-rate-limited-ar");
            signer.assertAccessible("the NDA page with the rate-limit error, in Arabic");
            signer.assertNoConsoleErrors(409, 429);
        }
        assertEquals(List.of(), PartnerJourneyIT.admin().when().get("/api/partners/" + id + "/ndas").then().statusCode(200)
                .extract().jsonPath().getList("items"), "no NDA from a refused signature");
    }

    @Test
    void aVisitorRequestsAccessAndSeesTheApisFieldErrorBesideTheField() {
        String email = "amal." + UUID.randomUUID().toString().substring(0, 8) + "@duqm-energy.example";
        RegisterPage page = RegisterPage.open(browser, Stack.gateway());
        browser.screenshot("register");
        browser.assertAccessible("the register page");
        page.fill("A", email, "Duqm Energy", "We would like to sponsor the next hackathon.").submit();
        assertFalse(page.fieldError("name").isBlank(), "the name's error is shown beside it");
        assertEquals("", page.fieldError("email"));
        browser.screenshot("register-field-error");
        browser.assertAccessible("the register page with a field error");
        browser.assertNoConsoleErrors(400);

        page.fill("Amal Al-Rawahi", email, "Duqm Energy", "We would like to sponsor the next hackathon.").submit();
        assertTrue(page.succeeded());
        assertFalse(page.requestId().isBlank());
        browser.screenshot("register-sent");
        browser.assertAccessible("the register page, sent");
        browser.assertNoConsoleErrors();
        assertTrue(PartnerJourneyIT.admin().queryParam("size", 200).when().get("/api/access-requests").then()
                .statusCode(200).extract().jsonPath().getList("items.email").contains(email));
    }

    @Test
    void thePartnerPagesFitASmallPhoneScreenInArabic() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contact = "noor." + suffix + "@nizwa-solar.example";
        String id = PartnerJourneyIT.createPartner("Phone Partner " + suffix, "A partner who reads everything on a phone.",
                "Energy", "bronze", Map.of("name", "Noor Al-Balushi", "email", contact, "role", "Energy lead"));
        await().atMost(WAIT).until(() -> PartnerJourneyIT.admin().body(Map.of("sections", Map.of(
                "hero", "# شراكة من أجل الطاقة\nأكبر **هاكاثون طلابي** في المنطقة.", "terms", "- ثلاث سنوات\n- قابلة للتجديد"))).when()
                .put("/api/partners/" + id + "/proposal").statusCode() == 200);
        String token = URLEncoder.encode(PartnerJourneyIT.admin().body(Map.of()).when().post("/api/partners/" + id + "/proposal-token")
                .then().statusCode(201).extract().path("token"), StandardCharsets.UTF_8);
        String portalUrl = PartnerJourneyIT.admin().body(Map.of("recipient", contact)).when()
                .post("/api/partners/" + id + "/portal-access").then().statusCode(202).extract().path("url");
        String portal = portalUrl.substring(portalUrl.indexOf("/portal/"));

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/partner/register?lang=ar", "main form");
        pages.put("/partnership/" + id + "?lang=ar&token=" + token, "#sections section");
        pages.put("/sign/" + id + "/nda?lang=ar&token=" + token, "main form");
        pages.put(portal + "?lang=ar", "#content");
        try (Browser phone = Browser.phone("WebJourneyIT-phone").from(AdminConsoleIT.partnerAddress())) {
            pages.forEach((path, shown) -> {
                phone.go(Stack.gateway() + path);
                phone.waitFor(By.cssSelector(shown));
                long overflow = (Long) phone.script("return document.documentElement.scrollWidth - window.innerWidth;");
                String page = path.substring(0, path.indexOf('?'));
                assertTrue(overflow <= 0, page + " is wider than the screen by " + overflow + " px");
                assertEquals("ar rtl", phone.languageAndDirection(), page);
                phone.screenshot("phone-ar" + page.replaceAll("/[^/]{20,}", "/x").replaceAll("[^A-Za-z0-9]+", "-"));
                phone.assertAccessible(page + " on a phone, in Arabic");
            });
            phone.assertNoConsoleErrors();
        }
    }

    @Test
    void theAccessibilityCheckCatchesAnUnlabelledField() {
        // the check every page passes must be able to fail: a field without a label is a WCAG 2.1 A violation
        browser.go("data:text/html,<html lang=en><title>Unlabelled</title><main><input type=text></main></html>");
        AssertionError refused = assertThrows(AssertionError.class, () -> browser.assertAccessible("a page with an unlabelled field"));
        assertTrue(refused.getMessage().contains("label (critical)"), refused.getMessage());
    }

    static Set<String> viewedSections(String id) {
        List<String> titles = PartnerJourneyIT.admin().queryParam("kind", "proposal_viewed").queryParam("size", 200)
                .when().get("/api/partners/" + id + "/timeline").then().statusCode(200).extract().jsonPath()
                .getList("items.title");
        return titles.stream().map(t -> t.substring(t.lastIndexOf(": ") + 2)).collect(Collectors.toSet());
    }
}

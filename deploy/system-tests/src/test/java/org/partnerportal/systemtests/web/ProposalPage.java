package org.partnerportal.systemtests.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The partner's proposal page, /partnership/{id}?token=… */
public final class ProposalPage {

    private final Browser browser;

    private ProposalPage(Browser browser) {
        this.browser = browser;
    }

    /** Opens the proposal link and waits until the API has accepted the token and the sections are shown. */
    public static ProposalPage open(Browser browser, String gateway, String partnerId, String token) {
        browser.go(gateway + "/partnership/" + partnerId + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return opened(browser);
    }

    /** The proposal page the browser was taken to (e.g. by a link copied from the console), once its sections show. */
    public static ProposalPage opened(Browser browser) {
        browser.waitFor(By.cssSelector("#sections section"));
        return new ProposalPage(browser);
    }

    /** The names of the sections shown, in order (hero, terms, …). */
    public List<String> sections() {
        return browser.driver().findElements(By.cssSelector("#sections section")).stream()
                .map(s -> s.getAttribute("id").substring("section-".length())).toList();
    }

    public String sectionHeading(String section) {
        return browser.driver().findElement(By.id("section-" + section + "-heading")).getText();
    }

    /** Scrolls each section into the middle of the screen and stays there for {@code each}. */
    public ProposalPage readEverySection(Duration each) {
        for (WebElement section : browser.driver().findElements(By.cssSelector("#sections section"))) {
            browser.script("arguments[0].scrollIntoView({block: 'center'});", section);
            browser.dwell(each);
        }
        return this;
    }

    /** Follows the "sign the NDA" link (leaving the page, which sends the reading times). */
    public NdaPage signTheNda() {
        WebElement link = browser.waitClickable(By.id("sign-link"));
        browser.script("arguments[0].scrollIntoView({block: 'center'});", link);
        link.click();
        return NdaPage.opened(browser);
    }
}

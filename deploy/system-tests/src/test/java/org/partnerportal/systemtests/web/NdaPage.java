package org.partnerportal.systemtests.web;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The NDA page, /sign/{id}/nda?token=…: details → text (scroll to unlock) → signature → reference. */
public final class NdaPage {

    private final Browser browser;

    private NdaPage(Browser browser) {
        this.browser = browser;
    }

    static NdaPage opened(Browser browser) {
        browser.waitFor(By.id("contact-form"));
        return new NdaPage(browser);
    }

    /** Switches the page's language with its language switch ("en" or "ar"). */
    public NdaPage language(String lang) {
        browser.waitClickable(By.cssSelector(".pp-lang button[data-lang='" + lang + "']")).click();
        browser.waitUntil("the page in " + lang, d -> browser.languageAndDirection().startsWith(lang + " "));
        return this;
    }

    public NdaPage details(String name, String email, String jobTitle) {
        type("contactName", name);
        type("contactEmail", email);
        type("contactTitle", jobTitle);
        browser.driver().findElement(By.id("contact-next")).click();
        browser.waitFor(By.id("nda-text"));
        browser.waitUntil("the NDA text", d -> !d.findElements(By.cssSelector("#nda-text h3, #nda-text p")).isEmpty());
        return this;
    }

    /** Whether the next step is still locked (the text not scrolled to its end). */
    public boolean readingLocked() {
        return !browser.driver().findElement(By.id("read-next")).isEnabled();
    }

    /** Scrolls the text to its end, which unlocks the next step, and goes on. */
    public NdaPage readToTheEnd() {
        browser.script("const box = document.getElementById('nda-text'); box.scrollTop = box.scrollHeight;");
        browser.waitClickable(By.id("read-next")).click();
        browser.waitFor(By.id("signature"));
        return this;
    }

    /** Types the signature and signs; waits for the confirmation. */
    public NdaPage sign(String signature) {
        type("signature", signature);
        browser.driver().findElement(By.id("sign-submit")).click();
        browser.waitUntil("the NDA reference", d -> !d.findElement(By.id("nda-reference")).getText().isBlank());
        return this;
    }

    public String reference() {
        return browser.driver().findElement(By.id("nda-reference")).getText();
    }

    public String certificateHref() {
        return browser.driver().findElement(By.id("certificate-link")).getAttribute("href");
    }

    /** Text of the page's error alert, or "" when there is none. */
    public String error() {
        return browser.driver().findElements(By.cssSelector("#error [role=alert]")).stream().map(WebElement::getText)
                .findFirst().orElse("");
    }

    private void type(String id, String text) {
        WebElement field = browser.waitFor(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}

package org.partnerportal.systemtests.web;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The NDA page, /sign/{id}/nda?token=…: details → text (scroll to unlock) → signature → reference. */
public final class NdaPage {

    private final Browser browser;

    private NdaPage(Browser browser) {
        this.browser = browser;
    }

    public static NdaPage opened(Browser browser) {
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

    /** Scrolls the text to its end (again, while the text is still loading), which unlocks the next step, and goes on. */
    public NdaPage readToTheEnd() {
        browser.waitUntil("the NDA text read to its end", d -> {
            browser.script("const box = document.getElementById('nda-text'); box.scrollTop = box.scrollHeight;");
            return d.findElement(By.id("read-next")).isEnabled();
        });
        browser.driver().findElement(By.id("read-next")).click();
        browser.waitFor(By.id("signature"));
        return this;
    }

    /** Types the signature and signs; waits for the confirmation. */
    public NdaPage sign(String signature) {
        submitSignature(signature);
        browser.waitUntil("the NDA reference", d -> !d.findElement(By.id("nda-reference")).getText().isBlank());
        return this;
    }

    /** Types the signature and presses "Sign", whatever the answer will be. */
    public NdaPage submitSignature(String signature) {
        type("signature", signature);
        browser.driver().findElement(By.id("sign-submit")).click();
        return this;
    }

    /** Waits until the page's error alert says {@code text} and answers the whole message. */
    public String awaitError(String text) {
        browser.waitUntil("the error \"" + text + "\"", d -> error().contains(text));
        return error();
    }

    /** The step shown, 1 (details) to 4 (done). */
    public int step() {
        for (int i = 1; i <= 4; i++) {
            if (browser.driver().findElement(By.id("step-" + i)).isDisplayed()) {
                return i;
            }
        }
        throw new IllegalStateException("no step of the NDA page is shown");
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

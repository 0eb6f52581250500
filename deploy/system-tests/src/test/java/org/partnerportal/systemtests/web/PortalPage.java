package org.partnerportal.systemtests.web;

import java.nio.file.Path;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The partner's portal, /portal/{token}. */
public final class PortalPage {

    private final Browser browser;

    private PortalPage(Browser browser) {
        this.browser = browser;
    }

    public static PortalPage open(Browser browser, String gateway, String token) {
        browser.go(gateway + "/portal/" + token);
        browser.waitFor(By.id("content"));
        return new PortalPage(browser);
    }

    public String partnerLine() {
        return browser.driver().findElement(By.id("partner")).getText();
    }

    public List<String> ndaReferences() {
        return browser.driver().findElements(By.cssSelector("#nda-list li strong")).stream().map(WebElement::getText).toList();
    }

    public List<String> timelineTitles() {
        return browser.driver().findElements(By.cssSelector("#timeline-list li")).stream().map(WebElement::getText).toList();
    }

    /** Whether the document is listed with a download link (false: listed as waiting for the NDA, or absent). */
    public boolean downloadable(String documentId) {
        return !browser.driver().findElements(By.cssSelector("a[data-document-id='" + documentId + "']")).isEmpty();
    }

    /** Clicks the document's download link and returns the file the browser saved. */
    public Path download(String documentId, String fileName) {
        WebElement link = browser.waitClickable(By.cssSelector("a[data-document-id='" + documentId + "']"));
        browser.script("arguments[0].scrollIntoView({block: 'center'});", link);
        link.click();
        return browser.downloaded(fileName);
    }

    /** Marks an open action item done and waits until the page shows it done. */
    public PortalPage markDone(String actionId) {
        By item = By.cssSelector("li[data-action-id='" + actionId + "']");
        WebElement button = browser.waitFor(item).findElement(By.tagName("button"));
        browser.script("arguments[0].scrollIntoView({block: 'center'});", button);
        button.click();
        browser.waitUntil("the action item done", d -> d.findElement(item).findElements(By.tagName("button")).isEmpty());
        return this;
    }
}

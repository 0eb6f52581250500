package org.partnerportal.systemtests.web;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The access request page, /partner/register (no sign-in). */
public final class RegisterPage {

    private final Browser browser;

    private RegisterPage(Browser browser) {
        this.browser = browser;
    }

    public static RegisterPage open(Browser browser, String gateway) {
        browser.go(gateway + "/partner/register");
        browser.waitFor(By.id("register-form"));
        return new RegisterPage(browser);
    }

    public RegisterPage fill(String name, String email, String company, String message) {
        type("name", name);
        type("email", email);
        type("company", company);
        type("message", message);
        return this;
    }

    /** Sends the form and waits for the API's answer: a field error, an alert or the success state. */
    public RegisterPage submit() {
        browser.driver().findElement(By.id("register-submit")).click();
        browser.waitUntil("the answer to the request", d -> !d.findElements(By.cssSelector(".pp-field-error")).isEmpty()
                || !d.findElements(By.cssSelector("#error [role=alert]")).isEmpty()
                || d.findElement(By.id("success")).isDisplayed());
        return this;
    }

    /** The error shown beside a field (by its name), with the field marked invalid and described by it; "" if none. */
    public String fieldError(String field) {
        WebElement control = browser.driver().findElement(By.name(field));
        if (!"true".equals(control.getAttribute("aria-invalid"))) {
            return "";
        }
        String describedBy = control.getAttribute("aria-describedby");
        return browser.driver().findElement(By.id(describedBy.split("\\s+")[describedBy.split("\\s+").length - 1])).getText();
    }

    public boolean succeeded() {
        return browser.driver().findElement(By.id("success")).isDisplayed();
    }

    public String requestId() {
        return browser.driver().findElement(By.id("request-id")).getText();
    }

    private void type(String name, String text) {
        WebElement field = browser.driver().findElement(By.name(name));
        field.clear();
        field.sendKeys(text);
    }
}

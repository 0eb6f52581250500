package org.partnerportal.systemtests.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * One form of the admin console, found by its accessible name (the console gives each form an
 * aria-label): fill it as a user would, submit it with its own button and read what the page
 * answers: the API's error beside a field, a success toast, or the page reloaded after a save.
 * The form is looked up afresh on every call, so one object survives the console's reloads.
 */
public final class ConsoleForm {

    /**
     * What a refused submission shows: the console empties the form's alert slot when the form is
     * sent and fills it when the API refuses (field errors of an earlier try stay until the answer).
     */
    private static final By REFUSAL = By.cssSelector(".form-alert [role=alert]");

    private final Browser browser;
    private final By locator;

    private ConsoleForm(Browser browser, By locator) {
        this.browser = browser;
        this.locator = locator;
    }

    /** The form labelled {@code label} on the current page, e.g. "Approve Rana Al-Busaidi"; waits for it. */
    public static ConsoleForm named(Browser browser, String label) {
        ConsoleForm form = new ConsoleForm(browser, By.cssSelector("form[aria-label=\"" + label.replace("\"", "\\\"") + "\"]"));
        form.element();
        return form;
    }

    public WebElement element() {
        return browser.until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    public WebElement control(String name) {
        return element().findElement(By.name(name));
    }

    public ConsoleForm type(String name, String text) {
        WebElement control = control(name);
        control.clear();
        control.sendKeys(text);
        return this;
    }

    public ConsoleForm clear(String name) {
        control(name).clear();
        return this;
    }

    public ConsoleForm select(String name, String value) {
        new Select(control(name)).selectByValue(value);
        return this;
    }

    /**
     * Sets a value the way a picker does (date, datetime-local: typing into them depends on the
     * browser's locale) or one too long to type, and fires the events the page listens to.
     */
    public ConsoleForm set(String name, String value) {
        browser.script("const c = arguments[0]; c.value = arguments[1];"
                + "c.dispatchEvent(new Event('input', {bubbles: true}));"
                + "c.dispatchEvent(new Event('change', {bubbles: true}));", control(name), value);
        return this;
    }

    /** Ticks or clears a checkbox by clicking its label, as a person would. */
    public ConsoleForm check(String name, boolean on) {
        WebElement box = control(name);
        if (box.isSelected() != on) {
            element().findElement(By.cssSelector("label[for='" + box.getAttribute("id") + "']")).click();
        }
        return this;
    }

    /** Chooses a file in a file input, as the file picker would. */
    public ConsoleForm attach(String name, Path file) {
        control(name).sendKeys(file.toAbsolutePath().toString());
        return this;
    }

    /** Clicks the form's submit button; answers the form element as it was when sent. */
    public WebElement submit() {
        WebElement form = element();
        form.findElement(By.cssSelector("button[type=submit]")).click();
        return form;
    }

    /**
     * Submits input the API refuses and answers the message shown beside {@code field}: the
     * control is marked invalid and described by the message, which sits in the field's own box.
     */
    public String submitExpectingError(String field) {
        WebElement form = submit();
        browser.until(d -> !form.findElements(REFUSAL).isEmpty());
        assertEquals("true", form.findElement(By.name(field)).getAttribute("aria-invalid"),
                "the refusal should name " + field + "; the form shows: " + form.getText());
        return fieldError(field);
    }

    /** The message beside {@code field}, checking that it stands in the field's box and describes the control. */
    public String fieldError(String field) {
        WebElement control = control(field);
        String describedBy = String.valueOf(control.getAttribute("aria-describedby"));
        String errorId = Stream.of(describedBy.split("\\s+")).filter(id -> id.endsWith("-error")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(field + " is not described by an error: " + describedBy));
        WebElement error = element().findElement(By.id(errorId));
        assertTrue(error.getAttribute("class").contains("pp-field-error"), errorId);
        WebElement box = (WebElement) browser.script(
                "return arguments[0].closest('.pp-field, .pp-check') || arguments[0].parentElement;", control);
        assertEquals(box, error.findElement(By.xpath("..")), "the error of " + field + " stands beside it");
        return error.getText();
    }

    /** Submits and waits until the console reloads or leaves the page after the save; fails with the refusal if any. */
    public void submitAndWaitForReload() {
        WebElement form = submit();
        browser.until(d -> {
            try {
                return !form.findElements(REFUSAL).isEmpty();
            } catch (WebDriverException e) {
                if (Browser.leftTheDocument(e)) {
                    return true;
                }
                throw e;
            }
        });
        if (!stale(form)) {
            fail("the form was refused: " + form.getText());
        }
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
    }

    /** Submits and waits for the console's success message containing {@code expected}; answers its text. */
    public String submitExpectingToast(String expected) {
        WebElement form = submit();
        By toast = By.xpath("//div[contains(@class,'pp-toasts')]/div[contains(@class,'success') and contains(., \""
                + expected.replace("\"", "") + "\")]");
        browser.until(d -> !d.findElements(toast).isEmpty() || !form.findElements(REFUSAL).isEmpty());
        List<WebElement> shown = browser.driver().findElements(toast);
        if (shown.isEmpty()) {
            fail("the form was refused: " + form.getText());
        }
        return shown.get(shown.size() - 1).getText();
    }

    private static boolean stale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (WebDriverException e) {
            if (Browser.leftTheDocument(e)) {
                return true;
            }
            throw e;
        }
    }
}

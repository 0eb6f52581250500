package org.partnerportal.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (the paths are set, so Selenium
 * Manager downloads nothing), a fresh profile each time, screenshots kept in target/screenshots and
 * the browser's console read for errors.
 */
final class Browser {

    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final WebDriver driver;
    private final WebDriverWait wait;
    private final StringBuilder console = new StringBuilder();

    private Browser(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    static Browser open() {
        try {
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1360,900", "--user-data-dir=" + Files.createTempDirectory("pp-chromium"));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            return new Browser(new ChromeDriver(service, options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    <T> T await(ExpectedCondition<T> condition) {
        return wait.until(condition);
    }

    void screenshot(String name) {
        collectConsole();
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No SEVERE console entry, except failed loads whose text contains one of {@code expected}. */
    void assertNoConsoleErrors(List<String> expected) {
        collectConsole();
        String unexpected = console.toString().lines()
                .filter(line -> expected.stream().noneMatch(line::contains)).reduce("", (a, b) -> a + b + "\n");
        assertTrue(unexpected.isEmpty(), "browser console errors:\n" + unexpected);
    }

    private void collectConsole() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                console.append(entry.getMessage()).append('\n');
            }
        }
    }

    void close() {
        driver.quit();
    }
}

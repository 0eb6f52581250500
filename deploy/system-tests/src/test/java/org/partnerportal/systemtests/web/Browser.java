package org.partnerportal.systemtests.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.partnerportal.systemtests.ClientAddresses;

/**
 * One headless Chromium (Debian's {@code /usr/bin/chromium}, driven through
 * {@code /usr/bin/chromedriver}, which {@code deploy/local/install-chromium} installs; Selenium
 * Manager never downloads anything) with a fresh profile and download folder: open one per test
 * class. Screenshots go to {@code target/screenshots/<test>-<step>.png}, the test run's artifact;
 * {@link #assertNoConsoleErrors} fails on any error the page logged in the browser console.
 */
public final class Browser implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    public static final Duration SLOW = Duration.ofSeconds(60);
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Path SCREENSHOTS = TARGET.resolve("screenshots");

    private final String test;
    private final Path profile;
    private final Path downloads;
    private final ChromeDriver driver;
    private final List<String> consoleErrors = new ArrayList<>();
    private boolean checkEachScreenshot;

    private Browser(String test, int width, int height) {
        this.test = test;
        String run = test + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.profile = TARGET.resolve("browser/profiles").resolve(run);
        this.downloads = TARGET.resolve("browser/downloads").resolve(run);
        try {
            Files.createDirectories(profile);
            Files.createDirectories(downloads);
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "plugins.always_open_pdf_externally", true));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    /**
     * A browser the size of a laptop screen (the seven kanban columns side by side), at an address
     * of its own ({@link ClientAddresses}: no other test spends its budgets).
     */
    public static Browser open(String test) {
        return new Browser(test, 1360, 900).from(ClientAddresses.next());
    }

    /** A browser the size of a small phone (360 px wide), at an address of its own. */
    public static Browser phone(String test) {
        return new Browser(test, 360, 740).from(ClientAddresses.next());
    }

    /**
     * Makes every request of this browser carry {@code X-Forwarded-For: address}. The system tests'
     * gateway believes that header from the loopback (Stack's {@code PP_TRUSTED_PROXIES}), so this
     * browser is someone at an address of their own, with their own per-address budgets (the NDA's 3
     * signing attempts an hour), as a partner at their office is.
     */
    public Browser from(String address) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("X-Forwarded-For", address)));
        return this;
    }

    public WebDriver driver() {
        return driver;
    }

    public void go(String url) {
        collectConsole();
        driver.get(url);
    }

    public WebElement waitFor(By locator) {
        return new WebDriverWait(driver, WAIT).until(retriedAcrossPages(ExpectedConditions.visibilityOfElementLocated(locator)));
    }

    public WebElement waitClickable(By locator) {
        return new WebDriverWait(driver, WAIT).until(retriedAcrossPages(ExpectedConditions.elementToBeClickable(locator)));
    }

    /** Waits for any Selenium condition; a slow first page of a just-started stack gets {@link #SLOW}. */
    public <T> T until(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, SLOW).until(retriedAcrossPages(condition));
    }

    public void waitUntil(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, WAIT).withMessage(what).until(retriedAcrossPages(condition::apply));
    }

    /**
     * A condition that asks again, instead of failing, when the element it looked at left the
     * document while it was asked: the console replaces its content when it reloads or renders.
     */
    private static <T> ExpectedCondition<T> retriedAcrossPages(ExpectedCondition<T> condition) {
        return d -> {
            try {
                return condition.apply(d);
            } catch (WebDriverException e) {
                if (leftTheDocument(e)) {
                    return null;
                }
                throw e;
            }
        };
    }

    /**
     * The element is gone with the page or content it was in: Selenium's stale element, or
     * Chrome's inspector error when it was replaced in the middle of the command ("Node with given
     * id does not belong to the document"), which reaches Selenium as a plain WebDriverException.
     */
    public static boolean leftTheDocument(WebDriverException e) {
        return e instanceof StaleElementReferenceException
                || e.getMessage() != null && e.getMessage().contains("does not belong to the document");
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** The document's lang and dir attributes, e.g. "ar rtl". */
    public String languageAndDirection() {
        return script("return document.documentElement.lang + ' ' + document.documentElement.dir;").toString();
    }

    /**
     * Keeps the page as it is for a while, as a reader would: waits until the page's own clock has
     * advanced by {@code dwell} (the page measures reading time; nothing else can stand in for it).
     */
    public void dwell(Duration dwell) {
        double until = ((Number) script("return performance.now();")).doubleValue() + dwell.toMillis();
        new WebDriverWait(driver, dwell.plus(WAIT)).pollingEvery(Duration.ofMillis(100))
                .until(d -> ((Number) script("return performance.now();")).doubleValue() >= until);
    }

    /**
     * From now on every {@link #screenshot} step (but the {@code last-…} picture a test takes when
     * it ends) is also an accessibility check ({@link #assertAccessible}): for a test whose steps
     * are its screenshots, each screen is checked as it is shown.
     */
    public Browser checkingEachScreenshot() {
        checkEachScreenshot = true;
        return this;
    }

    /**
     * Saves a screenshot as target/screenshots/&lt;test&gt;-&lt;step&gt;.png and returns its path;
     * after {@link #checkingEachScreenshot} the page is checked with axe-core too.
     */
    public Path screenshot(String step) {
        Path file = SCREENSHOTS.resolve(test + "-" + step + ".png");
        try {
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (checkEachScreenshot && !step.startsWith("last-")) {
            assertAccessible(test + " step " + step);
        }
        return file;
    }

    /**
     * Runs axe-core's WCAG 2.1 A and AA rules (labels, names, contrast, landmarks, ARIA, language) on
     * the page as it is shown now, and fails on any violation, naming the rule, its impact and the
     * first elements concerned. Check each state of a page worth checking: hidden parts are skipped.
     */
    public void assertAccessible(String page) {
        script(Axe.SCRIPT);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> result = (Map<String, List<String>>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const line = v => `${v.id} (${v.impact}): ${v.help} at `
                    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ');
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then(r => done({ violations: r.violations.map(line), incomplete: r.incomplete.map(line) }))
                  .catch(e => done({ violations: [`axe could not run: ${e}`], incomplete: [] }));
                """);
        Axe.incomplete(page, result.get("incomplete"));
        List<String> violations = result.get("violations");
        assertTrue(violations.isEmpty(), page + " has accessibility violations: " + violations);
    }

    /** axe-core's script from the com.deque.html.axe-core:selenium jar, read the first time a page is checked. */
    private static final class Axe {
        static final String SCRIPT = load();
        /** What axe could not decide on its own (contrast over an image, …): for a person to look at. */
        static final Path INCOMPLETE = TARGET.resolve("axe-incomplete.txt");

        static {
            try {
                Files.writeString(INCOMPLETE, "# axe-core's \"incomplete\" results (needs review), per page checked in this run\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Lists them in the log and in target/axe-incomplete.txt; they fail nothing. */
        static synchronized void incomplete(String page, List<String> results) {
            if (results == null || results.isEmpty()) {
                return;
            }
            StringBuilder out = new StringBuilder();
            results.forEach(r -> out.append(page).append(": ").append(r).append('\n'));
            System.out.print("axe incomplete (needs review): " + out);
            try {
                Files.writeString(INCOMPLETE, out, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String load() {
            try (InputStream in = Browser.class.getClassLoader().getResourceAsStream("axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe.min.js is not on the test class path");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Opens {@code url}, meets Keycloak's login page and signs in as {@code user} (password = user name). */
    public void signIn(String url, String user) {
        go(url);
        until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user);
        driver.findElement(By.id("kc-login")).click();
        java.net.URI address = java.net.URI.create(url);
        until(ExpectedConditions.urlContains(address.getScheme() + "://" + address.getAuthority()));
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
    }

    /** The text of a fact in a description list of the page (dt → dd). */
    public String fact(String label) {
        return driver.findElement(By.xpath("//dt[text()='" + label + "']/following-sibling::dd[1]")).getText();
    }

    /** The file the browser downloaded under this name, once it is complete. */
    public Path downloaded(String fileName) {
        Path file = downloads.resolve(fileName);
        await().atMost(WAIT).until(() -> Files.isRegularFile(file)
                && !Files.exists(downloads.resolve(fileName + ".crdownload")));
        return file;
    }

    private static final Pattern FAILED_REQUEST = Pattern
            .compile("Failed to load resource: the server responded with a status of (\\d{3})\\b");

    /**
     * Fails when the pages opened so far logged an error in the console, except the failed requests
     * this step caused on purpose, named by their HTTP status (400 for a form the API refused): only
     * Chromium's "the server responded with a status of N" line for one of these statuses is
     * exempt; a script error or any other status never is.
     */
    public void assertNoConsoleErrors(int... provokedStatuses) {
        collectConsole();
        List<String> unexpected = consoleErrors.stream().filter(message -> {
            Matcher m = FAILED_REQUEST.matcher(message);
            return !m.find() || IntStream.of(provokedStatuses).noneMatch(s -> s == Integer.parseInt(m.group(1)));
        }).toList();
        consoleErrors.clear();
        assertTrue(unexpected.isEmpty(), "errors in the browser console: " + unexpected);
    }

    private void collectConsole() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                consoleErrors.add(entry.getMessage());
            }
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

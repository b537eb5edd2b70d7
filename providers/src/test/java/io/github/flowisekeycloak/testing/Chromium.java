package io.github.flowisekeycloak.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;

/**
 * The system's real headless Chromium (Debian {@code chromium} and {@code chromium-driver}) driven
 * through Selenium. Both binaries are named explicitly, so Selenium Manager never runs and nothing
 * is downloaded; a machine without them fails the test with what to install.
 *
 * <p>One browser per test class (a fresh profile), reset between cases with {@link #forgetEverything()}.
 * Pages are looked at at two sizes: a 1280 × 800 desktop and a 375 px wide phone (emulated through
 * the DevTools protocol, as Chromium's device mode does, including the mobile viewport meta tag).
 */
public final class Chromium implements AutoCloseable {

    public static final Path BROWSER = Path.of(System.getProperty("it.chromium.binary", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getProperty("it.chromium.driver", "/usr/bin/chromedriver"));
    public static final int DESKTOP_WIDTH = 1280;
    public static final int DESKTOP_HEIGHT = 800;
    public static final int PHONE_WIDTH = 375;
    public static final int PHONE_HEIGHT = 812;

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Chromium start() {
        for (Path binary : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: the page tests need Debian's chromium and "
                        + "chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("fk-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=en-US",
                "--window-size=" + DESKTOP_WIDTH + "," + DESKTOP_HEIGHT, "--user-data-dir=" + profile);
        // The browser's console, read after every page: a themed page must log no error.
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        Chromium chromium = new Chromium(driver, profile);
        chromium.desktop();
        return chromium;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /**
     * Every cookie of every site gone (Keycloak's session and login cookies included), back on a
     * blank page, console emptied: the next case is a new person.
     */
    public void forgetEverything() {
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        consoleErrors();
    }

    /** The real window size: 1280 × 800. */
    public void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", DESKTOP_WIDTH, "height", DESKTOP_HEIGHT,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** A 375 px wide phone screen (mobile viewport rules apply), until {@link #desktop()}. */
    public void phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE_WIDTH, "height", PHONE_HEIGHT,
                "deviceScaleFactor", 1, "mobile", true));
    }

    /** Runs a script in the page; {@code arguments[i]} are the extra values. */
    @SuppressWarnings("unchecked")
    public <T> T script(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Console messages at error level since the last call (each call empties the browser's buffer),
     * including failed resource loads and uncaught exceptions.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Writes the visible viewport as a PNG. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole page, however long, as a PNG (Chromium renders beyond the viewport for it). */
    public Path fullPageScreenshot(Path file) {
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- The keyboard, as a person uses it: keys go to whatever has the focus ---------------

    /** The element that has the keyboard focus (the body when nothing has). */
    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Presses keys (e.g. {@link Keys#TAB}, text, {@link Keys#ENTER}) into the focused element. */
    public void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Replaces the focused field's text with {@code text} (Ctrl+A, then typing), as a person would. */
    public void retype(CharSequence... text) {
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).perform();
        press(Keys.BACK_SPACE);
        press(text);
    }

    /**
     * Presses Tab until the focused element matches {@code wanted} (at most {@code maxTabs} times);
     * fails when focus never gets there, which is what a keyboard-only person would hit.
     */
    public WebElement tabTo(Predicate<WebElement> wanted, String description, int maxTabs) {
        for (int i = 0; i <= maxTabs; i++) {
            WebElement focused = focused();
            if (wanted.test(focused)) {
                return focused;
            }
            press(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + description + " within " + maxTabs + " presses on " + url());
    }

    /** Tab until the element with this id has the focus. */
    public WebElement tabToId(String id) {
        return tabTo(e -> id.equals(e.getAttribute("id")), "#" + id, 25);
    }

    /** Waits until {@code condition} holds on the current page (e.g. after Enter submitted a form). */
    public void await(java.util.function.Function<ChromeDriver, Boolean> condition, String description) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.apply(driver))) {
                    return;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
                // the page is being replaced; look again
            }
            KeycloakServer.sleep(100);
        }
        String text;
        try {
            text = driver.findElement(org.openqa.selenium.By.tagName("body")).getText();
        } catch (org.openqa.selenium.WebDriverException e) {
            text = "(unreadable: " + e.getMessage() + ")";
        }
        throw new AssertionError("timed out waiting for " + description + "; at " + url() + " (page " + pageId()
                + ") showing:\n" + (text.length() > 800 ? text.substring(0, 800) : text));
    }

    /** Waits until the page is a Keycloak page with this {@code data-page-id} (e.g. {@code login-login}). */
    public void awaitPage(String pageId) {
        await(d -> pageId.equals(pageId()), "page " + pageId + " (now " + pageId() + ")");
    }

    /** Keycloak's {@code data-page-id} of the current page, or null. */
    public String pageId() {
        try {
            List<WebElement> body = driver.findElements(By.cssSelector("body[data-page-id]"));
            return body.isEmpty() ? null : body.get(0).getAttribute("data-page-id");
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return null;
        }
    }

    public String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}

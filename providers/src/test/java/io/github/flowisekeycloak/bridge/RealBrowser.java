package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.testing.ItPaths;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A person's real browser: Debian's Chromium, headless, driven through Debian's chromedriver by
 * Selenium (both named explicitly, so nothing is downloaded), a fresh profile each time.
 */
final class RealBrowser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;

    RealBrowser() throws IOException {
        profile = Files.createTempDirectory("bridge-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(90));
    }

    void open(String url) {
        driver.get(url);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    void type(String css, String value) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(value);
    }

    <T> T await(String what, int seconds, Function<RealBrowser, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(seconds)).until(d -> condition.apply(this));
        } catch (RuntimeException e) {
            throw new AssertionError("waited " + seconds + " s for " + what + "; at " + url() + ": " + text(), e);
        }
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    String localStorage(String key) {
        Object value = ((JavascriptExecutor) driver).executeScript("return window.localStorage.getItem(arguments[0]);", key);
        return value == null ? null : value.toString();
    }

    /** Every cookie the browser holds for the current site, HttpOnly ones included (WebDriver sees them all). */
    Map<String, String> cookies() {
        return driver.manage().getCookies().stream().collect(Collectors.toMap(Cookie::getName, Cookie::getValue, (a, b) -> b));
    }

    Path screenshot(String name) throws IOException {
        Path target = ItPaths.workDir().getParent().resolve("bridge-screens").resolve(name + ".png");
        Files.createDirectories(target.getParent());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.testing.Chromium;
import io.github.flowisekeycloak.testing.ItPaths;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A person's real browser for the checks against a real Flowise: the project's {@link Chromium}
 * (Debian's Chromium through Debian's chromedriver, nothing downloaded, a fresh profile each time)
 * with what those checks ask of a page.
 */
final class RealBrowser implements AutoCloseable {

    private final Chromium chromium;
    private final ChromeDriver driver;

    RealBrowser() {
        chromium = Chromium.start();
        driver = chromium.driver();
        // Flowise's UI bundle is large: its first load on a busy machine takes longer than a Keycloak page.
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

    Path screenshot(String name) {
        return chromium.screenshot(ItPaths.workDir().getParent().resolve("bridge-screens").resolve(name + ".png"));
    }

    @Override
    public void close() {
        chromium.close();
    }
}

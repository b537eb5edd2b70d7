package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.testing.CookieJar;
import io.github.flowisekeycloak.testing.RealmLogin;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One person's browser on the site (proxy origin), without JavaScript: a cookie jar, redirects
 * followed, and every {@code Set-Cookie} of a navigation kept for the test to inspect. It can stop
 * in front of a redirect (to capture a callback URL instead of using it).
 */
final class SiteBrowser {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final CookieJar jar = new CookieJar();

    /** Where a navigation ended, with the Set-Cookie headers of all its hops. */
    record Page(int status, String url, String body, HttpResponse<String> last, List<String> setCookies, String stoppedAt) {

        Document document() {
            return Jsoup.parse(body, url);
        }

        String text() {
            return document().text();
        }

        Optional<String> setCookie(String name) {
            return setCookies.stream().filter(c -> c.startsWith(name + "=")).reduce((a, b) -> b);
        }

        Optional<String> header(String name) {
            return last.headers().firstValue(name);
        }
    }

    Page get(String url) {
        return get(url, location -> false);
    }

    /** Follows redirects until a page, or until {@code stopBefore} accepts a redirect's target (not followed). */
    Page get(String url, Predicate<String> stopBefore) {
        return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()), url, stopBefore);
    }

    Page submit(Page page, String formSelector, Map<String, String> fields) {
        return submit(page, formSelector, fields, location -> false);
    }

    Page submit(Page page, String formSelector, Map<String, String> fields, Predicate<String> stopBefore) {
        Element form = page.document().selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("no form " + formSelector + " on " + page.url() + ": " + page.text());
        }
        String action = form.absUrl("action");
        // Hidden inputs go along (a browser sends them), then the fields the test fills in.
        Map<String, String> all = new java.util.LinkedHashMap<>();
        form.select("input[type=hidden][name]").forEach(input -> all.put(input.attr("name"), input.attr("value")));
        all.putAll(fields);
        return follow(send(HttpRequest.newBuilder(URI.create(action)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(RealmLogin.form(all)))), action, stopBefore);
    }

    private Page follow(HttpResponse<String> response, String url, Predicate<String> stopBefore) {
        List<String> cookies = new ArrayList<>(response.headers().allValues("Set-Cookie"));
        for (int hops = 0; hops < 12; hops++) {
            if (response.statusCode() / 100 != 3) {
                return new Page(response.statusCode(), url, response.body(), response, cookies, null);
            }
            String location = URI.create(url).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
            if (stopBefore.test(location)) {
                return new Page(response.statusCode(), url, response.body(), response, cookies, location);
            }
            url = location;
            response = send(HttpRequest.newBuilder(URI.create(location)).GET());
            cookies.addAll(response.headers().allValues("Set-Cookie"));
        }
        throw new AssertionError("too many redirects from " + url);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return jar.absorb(http.send(jar.attach(request.timeout(Duration.ofSeconds(60))).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

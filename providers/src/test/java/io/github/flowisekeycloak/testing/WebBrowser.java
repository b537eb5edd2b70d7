package io.github.flowisekeycloak.testing;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A cookie-keeping browser without JavaScript that follows redirects itself, stopping at the first
 * redirect that leaves the Keycloak server (e.g. back to the application), so a test can see it.
 */
public final class WebBrowser {

    private final String serverBase;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final CookieJar jar = new CookieJar();

    public WebBrowser(KeycloakServer server) {
        this.serverBase = server.baseUrl();
    }

    /** Where a navigation ended: a page of the server, or a redirect away from it. */
    public record Page(int status, String url, Document document, String leftTo) {

        public boolean leftServer() {
            return leftTo != null;
        }

        public String text() {
            return document == null ? "" : document.text();
        }

        public Element form(String selector) {
            Element form = document == null ? null : document.selectFirst(selector);
            if (form == null) {
                throw new AssertionError("no " + selector + " on " + url + ": " + text());
            }
            return form;
        }
    }

    public Page get(String url) {
        return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()), url);
    }

    /** Submits {@code form} (its action) with these fields. */
    public Page submit(Element form, Map<String, String> fields) {
        String action = form.absUrl("action");
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(RealmLogin.form(fields))));
        return follow(r, action);
    }

    private Page follow(HttpResponse<String> response, String url) {
        HttpResponse<String> r = response;
        String current = url;
        for (int hops = 0; hops < 10; hops++) {
            if (r.statusCode() < 300 || r.statusCode() >= 400) {
                return new Page(r.statusCode(), current, Jsoup.parse(r.body(), current), null);
            }
            String location = URI.create(current).resolve(r.headers().firstValue("Location").orElseThrow()).toString();
            if (!location.startsWith(serverBase)) {
                return new Page(r.statusCode(), current, null, location);
            }
            current = location;
            r = send(HttpRequest.newBuilder(URI.create(location)).GET());
        }
        throw new AssertionError("too many redirects from " + url);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return jar.absorb(http.send(jar.attach(request).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

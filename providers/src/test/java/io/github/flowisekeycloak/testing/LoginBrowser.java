package io.github.flowisekeycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * One person's browser on a realm's login pages, step by step: its own cookie jar, no JavaScript,
 * redirects inside Keycloak followed, the final redirect to the app turned into tokens
 * (authorization code with PKCE for the {@code flowise} client). For flows with several pages
 * (links, multi-step forms), where {@link RealmLogin} covers the one-form login.
 */
public final class LoginBrowser {

    private final KeycloakServer server;
    private final String realm;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final CookieJar jar = new CookieJar();
    private final String verifier = OAuthParams.randomToken();

    public LoginBrowser(KeycloakServer server, String realm) {
        this.server = server;
        this.realm = realm;
    }

    /** Where a step ended: a page of Keycloak's (status and parsed HTML), or back at the app signed in. */
    public record Step(int status, Document page, JsonNode tokens) {

        public boolean signedIn() {
            return tokens != null;
        }

        /** The page, failing with what came instead when the flow already ended. */
        public Document html() {
            if (page == null) {
                throw new AssertionError("expected a page, but the flow ended signed in");
            }
            return page;
        }

        public String text() {
            return page == null ? "" : page.text();
        }

        /** The href of the first element matching {@code selector} (absolute). */
        public String link(String selector) {
            Element a = html().selectFirst(selector);
            if (a == null) {
                throw new AssertionError("no " + selector + " on the page:\n" + html().text());
            }
            return a.absUrl("href");
        }
    }

    /** The authorization endpoint with the {@code flowise} client, as the app sends a person there. */
    public Step openLoginPage() {
        return get(authorizationUrl("auth"));
    }

    /** The OIDC registration endpoint (Keycloak's stable link to the realm's registration flow). */
    public Step openRegistrationPage() {
        return get(authorizationUrl("registrations"));
    }

    private String authorizationUrl(String endpoint) {
        return server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/" + endpoint + "?" + RealmLogin.form(Map.of(
                "client_id", RealmLogin.FLOWISE_CLIENT,
                "redirect_uri", RealmLogin.FLOWISE_REDIRECT,
                "response_type", "code",
                "scope", "openid",
                "state", OAuthParams.randomToken(),
                "code_challenge", OAuthParams.challenge(verifier),
                "code_challenge_method", "S256"));
    }

    public Step get(String url) {
        return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()), url);
    }

    /** Submits the form matching {@code formSelector} on {@code page} with these fields (others are not sent). */
    public Step submit(Step page, String formSelector, Map<String, String> fields) {
        Element form = page.html().selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("no form " + formSelector + " on the page:\n" + page.html().text());
        }
        return submitTo(form.absUrl("action"), fields);
    }

    /** Posts a form to {@code action} (for tests that must send two submissions at the same moment). */
    public Step submitTo(String action, Map<String, String> fields) {
        return follow(send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(RealmLogin.form(fields)))), action);
    }

    private Step follow(HttpResponse<String> response, String url) {
        for (int hops = 0; hops < 10; hops++) {
            if (response.statusCode() / 100 != 3) {
                return new Step(response.statusCode(), Jsoup.parse(response.body(), url), null);
            }
            String location = URI.create(url).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
            if (location.startsWith(RealmLogin.FLOWISE_REDIRECT)) {
                String code = OAuthParams.queryParameter(location, "code");
                if (code == null) {
                    throw new AssertionError("back at the app without a code: " + location);
                }
                return new Step(response.statusCode(), null, exchange(code));
            }
            url = location;
            response = send(HttpRequest.newBuilder(URI.create(location)).GET());
        }
        throw new AssertionError("too many redirects from " + url);
    }

    private JsonNode exchange(String code) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/realms/" + realm
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(RealmLogin.form(Map.of(
                        "grant_type", "authorization_code", "client_id", RealmLogin.FLOWISE_CLIENT, "code", code,
                        "redirect_uri", RealmLogin.FLOWISE_REDIRECT, "code_verifier", verifier)))));
        AdminApi.expect(r, 200);
        return Json.read(r.body());
    }

    /** The claims of a JWT (no signature check: the token came straight from the token endpoint). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return Json.read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return jar.absorb(http.send(jar.attach(request.timeout(Duration.ofSeconds(60))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

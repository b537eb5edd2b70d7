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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Signs in the way a person (or an app) does, with plain HTTP: the browser flow's login page (a
 * cookie jar and the form posts, no JavaScript needed) and the token endpoint's password grant.
 */
public final class RealmLogin {

    /** The product realm's client and the redirect its export allows. */
    public static final String FLOWISE_CLIENT = "flowise";
    public static final String FLOWISE_REDIRECT = "http://localhost:3000/";

    private final KeycloakServer server;
    private final String realm;
    /** For the token endpoint's grants: no cookies, connections kept (the login load run reuses them). */
    private final HttpClient tokenClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RealmLogin(KeycloakServer server, String realm) {
        this.server = server;
        this.realm = realm;
    }

    /** What the login page did with a username and password. */
    public record PageResult(boolean signedIn, String errorMessage, JsonNode tokens, String lastPage) {
    }

    /** Authorization-code flow with PKCE through the login page of {@code flowise}. */
    public PageResult throughLoginPage(String username, String password) {
        Browser browser = new Browser();
        String verifier = OAuthParams.randomToken();
        String authUrl = server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?" + form(Map.of(
                "client_id", FLOWISE_CLIENT,
                "redirect_uri", FLOWISE_REDIRECT,
                "response_type", "code",
                "scope", "openid",
                "state", OAuthParams.randomToken(),
                "code_challenge", OAuthParams.challenge(verifier),
                "code_challenge_method", "S256"));
        HttpResponse<String> page = send(browser, HttpRequest.newBuilder(URI.create(authUrl)).GET());
        if (page.statusCode() != 200) {
            throw new AssertionError("login page answered " + page.statusCode() + ": " + page.body());
        }
        Document doc = Jsoup.parse(page.body(), authUrl);
        Element loginForm = doc.selectFirst("form#kc-form-login");
        if (loginForm == null) {
            throw new AssertionError("no login form on " + authUrl + ":\n" + page.body());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", username);
        fields.put("password", password);
        fields.put("credentialId", "");
        HttpResponse<String> answer = send(browser, HttpRequest.newBuilder(URI.create(loginForm.absUrl("action")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
        if (answer.statusCode() == 302) {
            String location = answer.headers().firstValue("Location").orElse("");
            if (location.startsWith(FLOWISE_REDIRECT)) {
                String code = OAuthParams.queryParameter(location, "code");
                return new PageResult(code != null, null, code == null ? null : exchange(browser, code, verifier), null);
            }
            throw new AssertionError("unexpected redirect to " + location);
        }
        Document after = Jsoup.parse(answer.body());
        Element error = after.selectFirst("#input-error, .kc-feedback-text, .pf-v5-c-alert__title, .alert-error");
        return new PageResult(false, error == null ? null : error.text().strip(), null, after.text());
    }

    /**
     * The status of a refused password grant (wrong password, unknown or disabled user) on the
     * release under test: 401 up to 26.5 (the release we build on), 400 on 26.7, which changed it.
     */
    public static int refusedGrantStatus() {
        String[] version = ItPaths.keycloakVersion().split("\\.");
        int major = Integer.parseInt(version[0]);
        int minor = Integer.parseInt(version[1]);
        return major > 26 || (major == 26 && minor >= 7) ? 400 : 401;
    }

    /** The token endpoint's password grant, with a public client the test created for it. */
    public HttpResponse<String> passwordGrant(String clientId, String username, String password) {
        return send(tokenClient, HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "grant_type", "password", "client_id", clientId, "username", username, "password", password,
                        "scope", "openid"))))
                .build());
    }

    /** The token endpoint's refresh grant for the {@code flowise} client. */
    public HttpResponse<String> refresh(String refreshToken) {
        return send(tokenClient, HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "grant_type", "refresh_token", "client_id", FLOWISE_CLIENT, "refresh_token", refreshToken))))
                .build());
    }

    private JsonNode exchange(Browser browser, String code, String verifier) {
        HttpResponse<String> r = send(browser, HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "grant_type", "authorization_code", "client_id", FLOWISE_CLIENT, "code", code,
                        "redirect_uri", FLOWISE_REDIRECT, "code_verifier", verifier)))));
        AdminApi.expect(r, 200);
        return Json.read(r.body());
    }

    private String tokenEndpoint() {
        return server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
    }

    /** A cookie-keeping client that does not follow redirects, so each step can be checked. */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        private final CookieJar jar = new CookieJar();
    }

    private static HttpResponse<String> send(Browser browser, HttpRequest.Builder request) {
        return browser.jar.absorb(send(browser.http, browser.jar.attach(request).build()));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> AdminApi.encode(e.getKey()) + "=" + AdminApi.encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }
}

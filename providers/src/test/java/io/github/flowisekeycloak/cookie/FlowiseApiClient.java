package io.github.flowisekeycloak.cookie;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.CookieJar;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Flowise-style front end talking to the cookie API: JSON posts, a cookie jar, every answer kept. */
final class FlowiseApiClient {

    private final KeycloakServer server;
    private final String realm;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final CookieJar jar;
    /** Every answer this client received, to check that no body ever carries a token. */
    final List<HttpResponse<String>> answers = new ArrayList<>();

    FlowiseApiClient(KeycloakServer server, String realm) {
        this(server, realm, new CookieJar());
    }

    private FlowiseApiClient(KeycloakServer server, String realm, CookieJar jar) {
        this.server = server;
        this.realm = realm;
        this.jar = jar;
    }

    /** The same front end (same cookies) talking to another server, e.g. the other node of a cluster. */
    FlowiseApiClient on(KeycloakServer other) {
        return new FlowiseApiClient(other, realm, jar);
    }

    String url(String path) {
        return server.baseUrl() + "/realms/" + realm + "/flowise/api/v1/" + path;
    }

    HttpResponse<String> login(String email, String password) {
        return postJson("auth/login", Json.write(Map.of("email", email, "password", password)));
    }

    HttpResponse<String> refresh() {
        return postJson("auth/refreshToken", "{}");
    }

    HttpResponse<String> check() {
        return send(HttpRequest.newBuilder(URI.create(url("auth/check"))).GET());
    }

    HttpResponse<String> logout() {
        return postJson("account/logout", "{}");
    }

    HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = jar.absorb(http.send(jar.attach(request.timeout(Duration.ofSeconds(30))).build(),
                    HttpResponse.BodyHandlers.ofString()));
            answers.add(r);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.read(r.body());
    }

    /** The raw Set-Cookie header for one cookie name. */
    static String setCookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst().orElse(null);
    }
}

package io.github.flowisekeycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's admin REST API over plain HTTP, as the bootstrap admin. Deliberately small: each call
 * a test needs, answering Jackson trees, failing loudly on an unexpected status.
 */
public final class AdminApi {

    private final KeycloakServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private long tokenExpiresAt;

    public AdminApi(KeycloakServer server) {
        this.server = server;
    }

    public String createUser(String realm, Map<String, Object> user) {
        HttpResponse<String> r = send("POST", "/admin/realms/" + realm + "/users", user);
        expect(r, 201);
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** A user with a stored hash in Keycloak's credential format, as Flowise's hashes are imported. */
    public static Map<String, Object> userWithHash(String email, String algorithm, int iterations, String hash) {
        return Map.of(
                "username", email,
                "email", email,
                "enabled", true,
                "emailVerified", true,
                "credentials", List.of(Map.of(
                        "type", "password",
                        "credentialData", Json.write(Map.of("algorithm", algorithm, "hashIterations", iterations,
                                "additionalParameters", Map.of())),
                        "secretData", Json.write(Map.of("value", hash, "salt", "")))));
    }

    /** Realm-JSON import of users into an existing realm (the same representation as a realm file). */
    public JsonNode partialImport(String realm, Map<String, Object> representation) {
        HttpResponse<String> r = send("POST", "/admin/realms/" + realm + "/partialImport", representation);
        expect(r, 200);
        return Json.read(r.body());
    }

    /**
     * Imports a realm file under another name (POST /admin/realms), so a test gets a fresh copy of
     * the product realm on a shared server. Answers the new realm's name.
     */
    public String importRealmAs(java.nio.file.Path file, String name) {
        com.fasterxml.jackson.databind.node.ObjectNode realm;
        try {
            realm = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        realm.put("realm", name);
        realm.remove("id");
        expect(send("POST", "/admin/realms", realm), 201);
        return name;
    }

    /** Users of a realm (first 100). */
    public JsonNode users(String realm) {
        return get("/admin/realms/" + realm + "/users?max=100");
    }

    /** Stores the realm's user events (all types saved by default), so a test can read them back. */
    public void enableEvents(String realm) {
        expect(send("PUT", "/admin/realms/" + realm + "/events/config", Map.of("eventsEnabled", true,
                "eventsListeners", List.of("jboss-logging"))), 204);
    }

    public JsonNode get(String path) {
        HttpResponse<String> r = send("GET", path, null);
        expect(r, 200);
        return Json.read(r.body());
    }

    public HttpResponse<String> send(String method, String path, Object body) {
        return send(method, path, body, Duration.ofSeconds(60));
    }

    /** For calls that legitimately take long (a bulk import). */
    public HttpResponse<String> send(String method, String path, Object body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token());
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        return exchange(b.build());
    }

    public String userId(String realm, String username) {
        JsonNode found = get("/admin/realms/" + realm + "/users?exact=true&username=" + encode(username));
        if (found.size() != 1) {
            throw new AssertionError("expected one user " + username + ", found " + found);
        }
        return found.get(0).get("id").asText();
    }

    /** Creates a public client that allows the password grant, for token-endpoint tests. */
    public void createDirectGrantClient(String realm, String clientId) {
        HttpResponse<String> r = send("POST", "/admin/realms/" + realm + "/clients", Map.of(
                "clientId", clientId,
                "publicClient", true,
                "directAccessGrantsEnabled", true,
                "standardFlowEnabled", false));
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            expect(r, 201);
        }
    }

    private synchronized String token() {
        if (token == null || System.currentTimeMillis() > tokenExpiresAt) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password="
                            + encode(server.adminPassword())))
                    .build();
            HttpResponse<String> r = exchange(request);
            expect(r, 200);
            JsonNode json = Json.read(r.body());
            token = json.get("access_token").asText();
            tokenExpiresAt = System.currentTimeMillis() + (json.get("expires_in").asLong() - 10) * 1000;
        }
        return token;
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails the test unless {@code r} has {@code status}; returns it for further checks. */
    public static HttpResponse<String> expectStatus(HttpResponse<String> r, int status) {
        expect(r, status);
        return r;
    }

    static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new AssertionError(r.request().method() + " " + r.uri() + " answered " + r.statusCode()
                    + " (expected " + status + "): " + r.body());
        }
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

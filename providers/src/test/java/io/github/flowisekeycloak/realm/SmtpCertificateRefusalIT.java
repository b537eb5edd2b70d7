package io.github.flowisekeycloak.realm;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.ServerSpec;
import io.github.flowisekeycloak.testing.SmtpServer;
import io.github.flowisekeycloak.testing.WebBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak started with {@code ALLOW_UNAUTHORIZED_CERTS=false}, {@code SMTP_SECURE} unset (so
 * implicit TLS), {@code SMTP_PORT=} blank (unset: the realm's port is kept), {@code APP_URL} and
 * {@code EXPIRE_AUTH_TOKENS_ON_RESTART=false}: issue 5 cases 5 (false), 2 (false), 6 (blank port).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmtpCertificateRefusalIT {

    static final String REALM = "flowise";
    static final String APP_URL = "https://flowise.example.test";
    static final String DIRECT = "it-direct-grant";
    static final String PASSWORD = "Old-Passw0rd!";

    private static SmtpServer smtp;
    private static KeycloakServer server;
    private static AdminApi admin;

    @BeforeAll
    static void startSmtpThenKeycloak() {
        smtp = SmtpServer.start();
        Map<String, String> env = new HashMap<>();
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", "");
        env.put("SENDER_EMAIL", "flowise-noreply@example.com");
        env.put("ALLOW_UNAUTHORIZED_CERTS", "false");
        env.put("APP_URL", APP_URL + "/");
        env.put("EXPIRE_AUTH_TOKENS_ON_RESTART", "false");
        server = KeycloakServer.start(ServerSpec.standard().withEnv(env));
        admin = new AdminApi(server);
        admin.createDirectGrantClient(REALM, DIRECT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    @Test
    @Order(1)
    void appUrlDrivesTheClientAndUnsetSmtpSecureMeansImplicitTls() {
        JsonNode client = admin.get("/admin/realms/" + REALM + "/clients?clientId=flowise").get(0);
        assertThat(client.get("rootUrl").asText()).isEqualTo(APP_URL);
        assertThat(client.get("redirectUris").toString()).isEqualTo("[\"" + APP_URL + "/*\"]");
        assertThat(client.get("webOrigins").toString()).isEqualTo("[\"" + APP_URL + "\"]");
        assertThat(client.at("/attributes/post.logout.redirect.uris").asText()).isEqualTo(APP_URL + "/*");

        JsonNode smtpServer = admin.get("/admin/realms/" + REALM).get("smtpServer");
        assertThat(smtpServer.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(smtpServer.get("ssl").asText()).isEqualTo("true");
        assertThat(smtpServer.get("starttls").asText()).isEqualTo("false");
        assertThat(smtpServer.has("port")).as("SMTP_PORT= is unset, not an error").isFalse();
    }

    @Test
    @Order(2)
    void case2WithFalseARefreshTokenSurvivesARestart() {
        admin.createUser(REALM, Map.of("username", "keep@example.com", "email", "keep@example.com", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        HttpResponse<String> grant = new RealmLogin(server, REALM).passwordGrant(DIRECT, "keep@example.com", PASSWORD);
        assertThat(grant.statusCode()).isEqualTo(200);
        String refreshToken = Json.read(grant.body()).get("refresh_token").asText();

        int mark = server.logMark();
        server.restart();
        assertThat(server.logSince(mark)).contains("Realm 'flowise': already matches the Flowise settings, nothing changed")
                .doesNotContain("every token and session issued before this start is revoked");

        HttpResponse<String> refreshed = post("/realms/" + REALM + "/protocol/openid-connect/token",
                "grant_type=refresh_token&client_id=" + DIRECT + "&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void case5SelfSignedSmtpsIsRefusedWithAllowUnauthorizedCertsFalse() {
        admin.createUser(REALM, Map.of("username", "case5@example.com", "email", "case5@example.com", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        // SMTP_PORT is unset, so the port is the administrator's to set, and survives.
        setSmtp(Map.of("port", Integer.toString(smtp.tlsPort())));
        int mark = server.logMark();
        WebBrowser.Page page = ResetByEmail.request(new WebBrowser(server), server, APP_URL + "/", "case5@example.com");
        // Keycloak answers as if it had worked (the page must not tell who has an account); the
        // refusal shows in the log and in the missing email.
        assertThat(page.text()).contains("You should receive an email shortly");
        assertThat(smtp.awaitMail("case5@example.com", Duration.ofSeconds(5))).isEmpty();
        assertThat(server.logSince(mark)).contains("SEND_RESET_PASSWORD_ERROR").contains("unable to find valid certification path");

        // Same server, same setting, a plain port: Keycloak's own sender delivers.
        setSmtp(Map.of("port", Integer.toString(smtp.plainPort()), "ssl", "false"));
        ResetByEmail.request(new WebBrowser(server), server, APP_URL + "/", "case5@example.com");
        assertThat(smtp.awaitMail("case5@example.com", Duration.ofSeconds(20))).isPresent();
    }

    private static void setSmtp(Map<String, String> changes) {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = new HashMap<>(Json.MAPPER.convertValue(admin.get("/admin/realms/" + REALM).get("smtpServer"), Map.class));
        config.putAll(changes);
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM, Map.of("smtpServer", config)), 204);
    }

    private static HttpResponse<String> post(String path, String form) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

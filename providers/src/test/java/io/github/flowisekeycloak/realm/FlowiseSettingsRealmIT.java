package io.github.flowisekeycloak.realm;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.ServerSpec;
import io.github.flowisekeycloak.testing.SmtpServer;
import io.github.flowisekeycloak.testing.Totp;
import io.github.flowisekeycloak.testing.WebBrowser;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Keycloak started with Flowise's token, reset and SMTP variables (plain SMTP to an in-process
 * GreenMail, {@code ALLOW_UNAUTHORIZED_CERTS=true}, {@code EXPIRE_AUTH_TOKENS_ON_RESTART=true}):
 * issue 5 cases 1, 2 (true), 3, 4, 5 (true), 7, and idempotence of a second start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowiseSettingsRealmIT {

    static final String REALM = "flowise";
    static final String SENDER = "flowise-noreply@example.com";
    static final String APP = "http://localhost:3000/";
    static final String DIRECT = "it-direct-grant";
    static final String OLD_PASSWORD = "Old-Passw0rd!";
    static final String NEW_PASSWORD = "New-Passw0rd!";
    static final String OTP_SECRET = "it-otp-secret-20char";

    private static SmtpServer smtp;
    private static KeycloakServer server;
    private static AdminApi admin;

    @BeforeAll
    static void startSmtpThenKeycloak() {
        smtp = SmtpServer.start();
        Map<String, String> env = new HashMap<>();
        env.put("JWT_TOKEN_EXPIRY_IN_MINUTES", "5");
        env.put("JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES", "30");
        env.put("JWT_AUDIENCE", "flowise-app");
        env.put("PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS", "1");
        env.put("PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES", "7");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", Integer.toString(smtp.plainPort()));
        env.put("SMTP_USER", SmtpServer.USER);
        env.put("SMTP_PASSWORD", SmtpServer.PASSWORD);
        env.put("SMTP_SECURE", "false");
        env.put("SENDER_EMAIL", SENDER);
        env.put("ALLOW_UNAUTHORIZED_CERTS", "true");
        env.put("EXPIRE_AUTH_TOKENS_ON_RESTART", "true");
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

    static String user(String email, String password) {
        return admin.createUser(REALM, Map.of("username", email, "email", email, "enabled", true, "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
    }

    static JsonNode payload(String jwt) {
        return Json.read(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    static HttpResponse<String> refresh(String refreshToken) {
        return new RealmLogin(server, REALM).refresh(refreshToken);
    }

    static HttpResponse<String> userinfo(String accessToken) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/userinfo"))
                    .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void case1TokensCarryFlowisesLifespansAndAudience() {
        user("tokens@example.com", OLD_PASSWORD);
        RealmLogin.PageResult login = new RealmLogin(server, REALM).throughLoginPage("tokens@example.com", OLD_PASSWORD);
        assertThat(login.signedIn()).as(login.errorMessage()).isTrue();

        JsonNode access = payload(login.tokens().get("access_token").asText());
        assertThat(access.get("exp").asLong() - access.get("iat").asLong()).isEqualTo(300);
        assertThat(access.get("aud").isArray() ? access.get("aud").toString() : access.get("aud").asText()).contains("flowise-app");
        assertThat(login.tokens().get("expires_in").asInt()).isEqualTo(300);

        JsonNode refreshToken = payload(login.tokens().get("refresh_token").asText());
        // The refresh token ends at the session's maximum, counted from the session's start on the
        // login page, which can be a second or more before the token is issued on a busy machine.
        assertThat(refreshToken.get("exp").asLong() - refreshToken.get("iat").asLong()).isBetween(1790L, 1800L);
        assertThat(login.tokens().get("refresh_expires_in").asInt()).isBetween(1790, 1800);

        JsonNode realm = admin.get("/admin/realms/" + REALM);
        assertThat(realm.get("accessTokenLifespan").asInt()).isEqualTo(300);
        assertThat(realm.get("ssoSessionIdleTimeout").asInt()).isEqualTo(1800);
        assertThat(realm.get("ssoSessionMaxLifespan").asInt()).isEqualTo(1800);
        assertThat(realm.get("revokeRefreshToken").asBoolean()).isFalse();

        // Not rotated: the same refresh token keeps working after being used once.
        String rt = login.tokens().get("refresh_token").asText();
        assertThat(refresh(rt).statusCode()).isEqualTo(200);
        assertThat(refresh(rt).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void theDocumentedResetVariableWinsWithAWarningAndNoSecretIsLogged() {
        JsonNode realm = admin.get("/admin/realms/" + REALM);
        assertThat(realm.at("/attributes/actionTokenGeneratedByUserLifespan.reset-credentials").asText()).isEqualTo("60");
        String log = server.log();
        assertThat(log).contains("PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS=1 and PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES=7 disagree");
        assertThat(log).contains("Realm 'flowise': access token lifespan: 3600 s -> 300 s");
        assertThat(log).contains("Realm 'flowise': SMTP password: (hidden) -> (changed)");
        assertThat(log).doesNotContain(SmtpServer.PASSWORD);
    }

    @Test
    @Order(3)
    void case4ResetEmailComesThroughTheConfiguredSmtpFromTheSender() {
        user("case4@example.com", OLD_PASSWORD);
        WebBrowser.Page sent = ResetByEmail.request(new WebBrowser(server), server, APP, "case4@example.com");
        assertThat(sent.text()).contains("You should receive an email shortly");

        SmtpServer.Mail mail = smtp.awaitMail("case4@example.com", Duration.ofSeconds(20)).orElseThrow(
                () -> new AssertionError("no reset email; server log:\n" + server.log()));
        assertThat(mail.from()).isEqualTo(SENDER);
        assertThat(ResetByEmail.link(mail)).startsWith(server.baseUrl() + "/realms/flowise/login-actions/action-token?key=");

        // An unknown address gets the same answer, and no email.
        WebBrowser.Page unknown = ResetByEmail.request(new WebBrowser(server), server, APP, "nobody-here@example.com");
        assertThat(unknown.text()).isEqualTo(sent.text());
        assertThat(smtp.awaitMail("nobody-here@example.com", Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    @Order(4)
    void case3LinkWithinTheMinuteSetsANewPasswordOnceAndContinuesToTheApp() {
        user("case3@example.com", OLD_PASSWORD);
        WebBrowser browser = new WebBrowser(server);
        ResetByEmail.request(browser, server, APP, "case3@example.com");
        String link = ResetByEmail.link(smtp.awaitMail("case3@example.com", Duration.ofSeconds(20)).orElseThrow());

        WebBrowser.Page form = browser.get(link);
        WebBrowser.Page done = ResetByEmail.setPassword(browser, form, NEW_PASSWORD);
        assertThat(done.leftServer()).as("after reset: %s", done.text()).isTrue();
        assertThat(done.leftTo()).startsWith(APP);

        RealmLogin login = new RealmLogin(server, REALM);
        assertThat(login.passwordGrant(DIRECT, "case3@example.com", NEW_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(login.passwordGrant(DIRECT, "case3@example.com", OLD_PASSWORD).statusCode()).isEqualTo(RealmLogin.refusedGrantStatus());

        // Single use: the same link, even in a fresh browser, no longer offers a password form.
        WebBrowser.Page again = new WebBrowser(server).get(link);
        assertThat(again.leftServer()).isFalse();
        assertThat(again.document().selectFirst("form#kc-passwd-update-form")).isNull();
    }

    @Test
    @Order(5)
    void case3LinkUsedAfter61SecondsIsRefusedWithAClearPage() {
        user("case3-late@example.com", OLD_PASSWORD);
        ResetByEmail.request(new WebBrowser(server), server, APP, "case3-late@example.com");
        String link = ResetByEmail.link(smtp.awaitMail("case3-late@example.com", Duration.ofSeconds(20)).orElseThrow());

        KeycloakServerPause.seconds(61);

        WebBrowser.Page late = new WebBrowser(server).get(link);
        assertThat(late.leftServer()).isFalse();
        assertThat(late.document().selectFirst("form#kc-passwd-update-form")).isNull();
        assertThat(late.text()).contains("Action expired");
        assertThat(new RealmLogin(server, REALM).passwordGrant(DIRECT, "case3-late@example.com", OLD_PASSWORD).statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(6)
    void case7AUserWithOtpMustPresentItBeforeTheNewPassword() {
        Map<String, Object> otpUser = new LinkedHashMap<>();
        otpUser.put("username", "otp@example.com");
        otpUser.put("email", "otp@example.com");
        otpUser.put("enabled", true);
        otpUser.put("emailVerified", true);
        otpUser.put("credentials", List.of(
                Map.of("type", "password", "value", OLD_PASSWORD, "temporary", false),
                Map.of("type", "otp", "userLabel", "phone",
                        "secretData", Json.write(Map.of("value", OTP_SECRET)),
                        "credentialData", Json.write(Map.of("subType", "totp", "digits", 6, "counter", 0, "period", 30,
                                "algorithm", "HmacSHA1")))));
        admin.partialImport(REALM, Map.of("ifResourceExists", "FAIL", "users", List.of(otpUser)));
        String storedBefore = server.database().passwordSecretData(REALM, "otp@example.com").orElseThrow();

        // A wrong code: the OTP form again, the old password untouched.
        WebBrowser browser = new WebBrowser(server);
        ResetByEmail.request(browser, server, APP, "otp@example.com");
        String link = ResetByEmail.link(smtp.awaitMail("otp@example.com", Duration.ofSeconds(20)).orElseThrow());
        WebBrowser.Page otpPage = browser.get(link);
        assertThat(otpPage.document().selectFirst("form#kc-passwd-update-form")).as("no password form before the OTP").isNull();
        String wrong = Totp.now(OTP_SECRET).equals("000000") ? "111111" : "000000";
        WebBrowser.Page refused = browser.submit(otpPage.form("form#kc-otp-login-form"), Map.of("otp", wrong));
        assertThat(refused.text()).contains("Invalid authenticator code");
        assertThat(refused.document().selectFirst("form#kc-passwd-update-form")).isNull();
        assertThat(server.database().passwordSecretData(REALM, "otp@example.com").orElseThrow()).isEqualTo(storedBefore);

        // The right code: then the password form, and the new password is stored.
        WebBrowser.Page passwordForm = browser.submit(refused.form("form#kc-otp-login-form"), Map.of("otp", Totp.now(OTP_SECRET)));
        WebBrowser.Page done = ResetByEmail.setPassword(browser, passwordForm, NEW_PASSWORD);
        assertThat(done.leftServer()).as("after reset: %s", done.text()).isTrue();
        String storedAfter = server.database().passwordSecretData(REALM, "otp@example.com").orElseThrow();
        assertThat(storedAfter).isNotEqualTo(storedBefore);
        String hash = Json.read(storedAfter).get("value").asText();
        assertThat(OpenBSDBCrypt.checkPassword(hash, NEW_PASSWORD.toCharArray())).isTrue();
    }

    @Test
    @Order(7)
    void case5SelfSignedSmtpsIsAcceptedWithAllowUnauthorizedCertsTrue() {
        JsonNode realm = admin.get("/admin/realms/" + REALM);
        Map<String, Object> original = Json.MAPPER.convertValue(realm.get("smtpServer"), Map.class);
        Map<String, Object> tls = new HashMap<>(original);
        tls.put("port", Integer.toString(smtp.tlsPort()));
        tls.put("ssl", "true");
        tls.put("starttls", "false");
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM, Map.of("smtpServer", tls)), 204);
        try {
            user("case5@example.com", OLD_PASSWORD);
            ResetByEmail.request(new WebBrowser(server), server, APP, "case5@example.com");
            SmtpServer.Mail mail = smtp.awaitMail("case5@example.com", Duration.ofSeconds(20)).orElseThrow(
                    () -> new AssertionError("no email over SMTPS; server log:\n" + server.log()));
            assertThat(mail.from()).isEqualTo(SENDER);
        } finally {
            AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM, Map.of("smtpServer", original)), 204);
        }
    }

    @Test
    @Order(8)
    void case2RestartRevokesEverythingIssuedBeforeAndASecondStartChangesNothing() {
        user("case2@example.com", OLD_PASSWORD);
        RealmLogin.PageResult login = new RealmLogin(server, REALM).throughLoginPage("case2@example.com", OLD_PASSWORD);
        assertThat(login.signedIn()).isTrue();
        String refreshToken = login.tokens().get("refresh_token").asText();
        String accessToken = login.tokens().get("access_token").asText();
        assertThat(refresh(refreshToken).statusCode()).isEqualTo(200);
        assertThat(userinfo(accessToken).statusCode()).isEqualTo(200);
        String userId = admin.userId(REALM, "case2@example.com");
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + userId + "/sessions")).isNotEmpty();

        int mark = server.logMark();
        server.restart();
        String secondStart = server.logSince(mark);

        HttpResponse<String> refused = refresh(refreshToken);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_grant");
        assertThat(userinfo(accessToken).statusCode()).as("access token issued before the restart").isEqualTo(401);
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + userId + "/sessions")).isEmpty();
        // A new sign-in works at once.
        assertThat(new RealmLogin(server, REALM).throughLoginPage("case2@example.com", OLD_PASSWORD).signedIn()).isTrue();

        assertThat(secondStart).contains("Realm 'flowise': already matches the Flowise settings, nothing changed");
        assertThat(secondStart).contains("EXPIRE_AUTH_TOKENS_ON_RESTART=true, every token and session issued before this start is revoked");
        assertThat(secondStart).doesNotContainPattern("Realm 'flowise': [^\\n]* -> ");
    }
}

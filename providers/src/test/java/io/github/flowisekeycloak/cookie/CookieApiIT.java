package io.github.flowisekeycloak.cookie;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Flowise-compatible auth API on the real server, plain-http APP_URL, distinct secrets. */
@WithKeycloak(env = {
        "JWT_AUTH_TOKEN_SECRET=" + CookieApiIT.ACCESS_SECRET,
        "JWT_REFRESH_TOKEN_SECRET=" + CookieApiIT.REFRESH_SECRET,
        "TOKEN_HASH_SECRET=" + CookieApiIT.HASH_SECRET,
        "JWT_AUDIENCE=flowise-app",
        "JWT_ISSUER=flowise-it",
        "JWT_TOKEN_EXPIRY_IN_MINUTES=5",
        "JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES=30",
        "APP_URL=http://localhost:3000",
        "KC_SPI_REALM_RESTAPI_EXTENSION__FLOWISE__DEFAULT_WORKSPACE_ID=ws-default-1"})
public class CookieApiIT {

    public static final String ACCESS_SECRET = "it-access-secret-0123456789";
    public static final String REFRESH_SECRET = "it-refresh-secret-0123456789";
    public static final String HASH_SECRET = "it-token-hash-secret";
    static final String REALM = "flowise";
    static final String HORSE = "Corr3ct-Horse!";
    static final String HORSE_5 = "$2a$05$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbm";

    private static KeycloakServer server;
    private static AdminApi admin;

    @BeforeAll
    static void setUp(KeycloakServer keycloak) {
        server = keycloak;
        admin = new AdminApi(server);
    }

    /** A fresh user with Flowise's hash of Corr3ct-Horse!, named so that tests do not share lockouts. */
    static String newUser(String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Map<String, Object> user = new java.util.HashMap<>(AdminApi.userWithHash(email, "bcrypt", 5, HORSE_5));
        user.put("firstName", "Alice");
        user.put("lastName", "Admin");
        admin.createUser(REALM, user);
        return email;
    }

    @Test
    void loginSetsFlowisesCookiesAndAnswersWithTheUserOnly() {
        String email = newUser("alice");
        FlowiseApiClient api = new FlowiseApiClient(server, REALM);
        HttpResponse<String> r = api.login(email, HORSE);
        assertThat(r.statusCode()).isEqualTo(200);
        String token = api.jar.get("token").orElseThrow();
        String refresh = api.jar.get("refreshToken").orElseThrow();
        assertThat(FlowiseApiClient.setCookie(r, "token")).isEqualTo("token=" + token + "; Path=/; HttpOnly; SameSite=Lax");
        assertThat(FlowiseApiClient.setCookie(r, "refreshToken")).isEqualTo("refreshToken=" + refresh + "; Path=/; HttpOnly; SameSite=Lax");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = FlowiseApiClient.json(r);
        assertThat(body.get("email").asText()).isEqualTo(email);
        assertThat(body.get("name").asText()).isEqualTo("Alice Admin");
        assertThat(body.get("id").asText()).isEqualTo(admin.userId(REALM, email));
        assertThat(r.body()).doesNotContain(token).doesNotContain(refresh).doesNotContain("eyJ");
    }

    @Test
    void tokenCarriesFlowisesClaimsSignedWithTheConfiguredSecret() throws Exception {
        String email = newUser("claims");
        FlowiseApiClient api = new FlowiseApiClient(server, REALM);
        assertThat(api.login(email, HORSE).statusCode()).isEqualTo(200);
        String userId = admin.userId(REALM, email);
        for (String cookie : List.of("token", "refreshToken")) {
            String jwt = api.jar.get(cookie).orElseThrow();
            String secret = cookie.equals("token") ? ACCESS_SECRET : REFRESH_SECRET;
            String[] parts = jwt.split("\\.");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(Base64.getUrlDecoder().decode(parts[2]))
                    .isEqualTo(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
            JsonNode claims = Json.read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            assertThat(claims.get("id").asText()).isEqualTo(userId);
            assertThat(claims.get("username").asText()).isEqualTo("Alice Admin");
            assertThat(claims.get("aud").asText()).isEqualTo("flowise-app");
            assertThat(claims.get("iss").asText()).isEqualTo("flowise-it");
            assertThat(claims.get("nbf").asLong()).isEqualTo(claims.get("iat").asLong());
            assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(cookie.equals("token") ? 300 : 1800);
            assertThat(decryptMeta(claims.get("meta").asText())).isEqualTo(userId + ":ws-default-1");
            JsonNode sessions = admin.get("/admin/realms/" + REALM + "/users/" + userId + "/sessions");
            assertThat(sessions).hasSize(1);
            assertThat(claims.get("sid").asText()).isEqualTo(sessions.get(0).get("id").asText());
        }
    }

    @Test
    void refreshWorksOnlyWhileTheKeycloakSessionLives() {
        String email = newUser("refresh");
        FlowiseApiClient api = new FlowiseApiClient(server, REALM);
        assertThat(api.login(email, HORSE).statusCode()).isEqualTo(200);
        String firstToken = api.jar.get("token").orElseThrow();
        KeycloakServer.sleep(1100); // a new iat, so the new token differs
        HttpResponse<String> refreshed = api.refresh();
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(FlowiseApiClient.setCookie(refreshed, "token")).isNotNull();
        assertThat(api.jar.get("token").orElseThrow()).isNotEqualTo(firstToken);
        assertThat(FlowiseApiClient.json(refreshed).get("id").asText()).isNotBlank();
        assertThat(api.check().statusCode()).isEqualTo(200);

        // An administrator signs the user out in the console: the session is gone.
        AdminApi.expectStatus(admin.send("POST", "/admin/realms/" + REALM + "/users/" + admin.userId(REALM, email) + "/logout", null), 204);
        HttpResponse<String> refused = api.refresh();
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(api.check().statusCode()).isEqualTo(401);
        assertThat(api.answers).allSatisfy(r -> assertThat(r.body()).doesNotContain("eyJ"));
    }

    @Test
    void expiredAccessTokenWithARefreshCookieAsksForARetry() {
        String email = newUser("expired");
        FlowiseApiClient api = new FlowiseApiClient(server, REALM);
        assertThat(api.login(email, HORSE).statusCode()).isEqualTo(200);
        JsonNode issued = Json.read(new String(Base64.getUrlDecoder().decode(api.jar.get("token").orElseThrow().split("\\.")[1]),
                StandardCharsets.UTF_8));
        long past = System.currentTimeMillis() / 1000 - 600;
        // The same claims as the real token, but expired: what a browser holds after the lifetime.
        String expired = FlowiseJwt.sign(new FlowiseJwt.Claims(issued.get("id").asText(), issued.get("username").asText(),
                issued.get("meta").asText(), past, past + 300, issued.get("sid").asText(), FlowiseJwt.Kind.ACCESS),
                "flowise-app", "flowise-it", ACCESS_SECRET.getBytes(StandardCharsets.UTF_8));

        FlowiseApiClient withRefresh = new FlowiseApiClient(server, REALM);
        HttpResponse<String> retry = withRefresh.send(HttpRequest.newBuilder(URI.create(withRefresh.url("auth/check")))
                .header("Cookie", "token=" + expired + "; refreshToken=" + api.jar.get("refreshToken").orElseThrow()).GET());
        assertThat(retry.statusCode()).isEqualTo(401);
        assertThat(FlowiseApiClient.json(retry)).isEqualTo(Json.read("{\"message\":\"Token Expired\",\"retry\":true}"));

        HttpResponse<String> noRefresh = withRefresh.send(HttpRequest.newBuilder(URI.create(withRefresh.url("auth/check")))
                .header("Cookie", "token=" + expired).GET());
        assertThat(noRefresh.statusCode()).isEqualTo(401);
        assertThat(FlowiseApiClient.json(noRefresh).get("message").asText()).isEqualTo("Invalid or Missing token");
    }

    @Test
    void logoutEndsTheSessionAndClearsBothCookies() {
        String email = newUser("logout");
        FlowiseApiClient api = new FlowiseApiClient(server, REALM);
        assertThat(api.login(email, HORSE).statusCode()).isEqualTo(200);
        String userId = admin.userId(REALM, email);
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + userId + "/sessions")).hasSize(1);
        String staleToken = api.jar.get("token").orElseThrow();

        HttpResponse<String> out = api.logout();
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(FlowiseApiClient.setCookie(out, "token")).startsWith("token=;").contains("Max-Age=0");
        assertThat(FlowiseApiClient.setCookie(out, "refreshToken")).startsWith("refreshToken=;").contains("Max-Age=0");
        assertThat(api.jar.get("token")).isEmpty();
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + userId + "/sessions")).isEmpty();
        // The old token, replayed, no longer works: its session is gone.
        FlowiseApiClient replay = new FlowiseApiClient(server, REALM);
        assertThat(replay.send(HttpRequest.newBuilder(URI.create(replay.url("auth/check"))).header("Cookie", "token=" + staleToken).GET())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void unknownEmailAndWrongPasswordLookTheSame() {
        String email = newUser("enum");
        int mark = server.logMark();
        FlowiseApiClient api = new FlowiseApiClient(server, REALM);
        HttpResponse<String> unknown = api.login("nobody-" + UUID.randomUUID() + "@example.com", HORSE);
        HttpResponse<String> wrong = api.login(email, "Wrong-Horse!1");
        assertThat(unknown.statusCode()).isEqualTo(401).isEqualTo(wrong.statusCode());
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(FlowiseApiClient.json(wrong).get("message").asText()).isEqualTo("Incorrect Email or Password");
        assertThat(unknown.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();
        // Both are Keycloak events (never with the password), and the wrong one counts toward lockout.
        String log = server.logSince(mark);
        assertThat(log).contains("type=\"LOGIN_ERROR\"").contains("error=\"user_not_found\"")
                .contains("error=\"invalid_user_credentials\"").contains("auth_method=\"flowise-cookie-api\"")
                .doesNotContain("Wrong-Horse!1").doesNotContain(HORSE);
        JsonNode status = admin.get("/admin/realms/" + REALM + "/attack-detection/brute-force/users/" + admin.userId(REALM, email));
        assertThat(status.get("numFailures").asInt()).isEqualTo(1);
    }

    @Test
    void fiveWrongPasswordsLockTheAccountOut() {
        JsonNode realm = admin.get("/admin/realms/" + REALM);
        int failureFactor = realm.get("failureFactor").asInt();
        int quick = realm.get("quickLoginCheckMilliSeconds").asInt();
        String email = newUser("lockout");
        try {
            AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM,
                    Map.of("failureFactor", 5, "quickLoginCheckMilliSeconds", 1)), 204);
            FlowiseApiClient api = new FlowiseApiClient(server, REALM);
            for (int i = 0; i < 5; i++) {
                assertThat(api.login(email, "Wrong-Horse!" + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> right = api.login(email, HORSE);
            assertThat(right.statusCode()).isEqualTo(401);
            assertThat(right.headers().allValues("Set-Cookie")).isEmpty();
            JsonNode status = admin.get("/admin/realms/" + REALM + "/attack-detection/brute-force/users/" + admin.userId(REALM, email));
            assertThat(status.get("disabled").asBoolean()).isTrue();
            assertThat(status.get("numFailures").asInt()).isGreaterThanOrEqualTo(5);
        } finally {
            AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM,
                    Map.of("failureFactor", failureFactor, "quickLoginCheckMilliSeconds", quick)), 204);
        }
    }

    @Test
    void eachEndpointAcceptsOnlyItsOwnKindOfToken() {
        String email = newUser("kinds");
        FlowiseApiClient api = new FlowiseApiClient(server, REALM);
        assertThat(api.login(email, HORSE).statusCode()).isEqualTo(200);
        String access = api.jar.get("token").orElseThrow();
        String refresh = api.jar.get("refreshToken").orElseThrow();
        FlowiseApiClient other = new FlowiseApiClient(server, REALM);
        assertThat(other.send(HttpRequest.newBuilder(URI.create(other.url("auth/refreshToken"))).header("Content-Type", "application/json")
                .header("Cookie", "refreshToken=" + access).POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(401);
        assertThat(other.send(HttpRequest.newBuilder(URI.create(other.url("auth/check")))
                .header("Cookie", "token=" + refresh).GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void crossSiteAndNonJsonLoginsAreRefused() {
        String email = newUser("csrf");
        FlowiseApiClient api = new FlowiseApiClient(server, REALM);
        HttpResponse<String> evil = api.send(HttpRequest.newBuilder(URI.create(api.url("auth/login")))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("email", email, "password", HORSE)))));
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<String> form = api.send(HttpRequest.newBuilder(URI.create(api.url("auth/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + email + "&password=" + HORSE)));
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.headers().allValues("Set-Cookie")).isEmpty();
        // Flowise's own origin may call, with CORS credentials.
        HttpResponse<String> fromApp = api.send(HttpRequest.newBuilder(URI.create(api.url("auth/login")))
                .header("Content-Type", "application/json").header("Origin", "http://localhost:3000")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("email", email, "password", HORSE)))));
        assertThat(fromApp.statusCode()).isEqualTo(200);
        assertThat(fromApp.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
        assertThat(fromApp.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        HttpResponse<String> preflight = api.send(HttpRequest.newBuilder(URI.create(api.url("auth/login")))
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
    }

    @Test
    void badInputGetsAClearFourHundredNeverAFiveHundred() {
        String email = newUser("garbage");
        int mark = server.logMark();
        FlowiseApiClient api = new FlowiseApiClient(server, REALM);
        assertClientError(api.postJson("auth/login", "{not json"), 400, "not valid JSON");
        assertClientError(api.postJson("auth/login", "[1,2]"), 400, "JSON object");
        assertClientError(api.postJson("auth/login", "{\"email\":\"" + email + "\"}"), 400, "required");
        assertClientError(api.postJson("auth/login", "{\"email\":1,\"password\":2}"), 400, "required");
        assertClientError(api.postJson("auth/login", "{\"email\":\"" + "x".repeat(1024 * 1024) + "\"}"), 413, "larger");
        for (String cookie : List.of("token=garbage", "token=a.b.c", "token=%%%", "refreshToken=garbage")) {
            HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(api.url(cookie.startsWith("token") ? "auth/check" : "auth/refreshToken")))
                    .header("Content-Type", "application/json").header("Cookie", cookie)
                    .method(cookie.startsWith("token") ? "GET" : "POST",
                            cookie.startsWith("token") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.statusCode()).as(cookie).isEqualTo(401);
        }
        long now = System.currentTimeMillis() / 1000;
        String foreign = FlowiseJwt.sign(new FlowiseJwt.Claims("x", "x", "00:00", now, now + 300, "sid", FlowiseJwt.Kind.ACCESS),
                "flowise-app", "flowise-it", "some-other-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(api.send(HttpRequest.newBuilder(URI.create(api.url("auth/check"))).header("Cookie", "token=" + foreign).GET())
                .statusCode()).isEqualTo(401);
        assertThat(api.answers).allSatisfy(r -> {
            assertThat(r.statusCode()).isBetween(400, 499);
            assertThat(r.body()).doesNotContain("eyJ").doesNotContain("Exception");
        });
        assertThat(server.logSince(mark)).doesNotContain("\tat ").doesNotContain(" ERROR [");
    }

    @Test
    void usersWhoMustUseTheBrowserGetNoCookies() {
        String disabled = newUser("disabled");
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM + "/users/" + admin.userId(REALM, disabled),
                Map.of("enabled", false)), 204);
        String pending = newUser("pending");
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM + "/users/" + admin.userId(REALM, pending),
                Map.of("requiredActions", List.of("UPDATE_PASSWORD"))), 204);
        String otp = "otp-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        admin.createUser(REALM, Map.of("username", otp, "email", otp, "enabled", true, "credentials", List.of(
                ((List<?>) AdminApi.userWithHash(otp, "bcrypt", 5, HORSE_5).get("credentials")).get(0),
                Map.of("type", "otp", "userLabel", "phone",
                        "secretData", "{\"value\":\"JBSWY3DPEHPK3PXP\"}",
                        "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}"))));
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + admin.userId(REALM, otp) + "/credentials").toString()).contains("otp");

        for (String email : List.of(disabled, pending, otp)) {
            FlowiseApiClient api = new FlowiseApiClient(server, REALM);
            HttpResponse<String> r = api.login(email, HORSE);
            assertThat(r.statusCode()).as(email).isEqualTo(403);
            assertThat(FlowiseApiClient.json(r).get("message").asText()).as(email).contains("sign in through the browser");
            assertThat(r.headers().allValues("Set-Cookie")).as(email).isEmpty();
        }
        // A wrong password reveals none of that.
        assertThat(new FlowiseApiClient(server, REALM).login(disabled, "Wrong-Horse!1").statusCode()).isEqualTo(401);
    }

    @Test
    void realmsNotMarkedManagedDoNotServeTheApi() {
        FlowiseApiClient master = new FlowiseApiClient(server, "master");
        assertThat(master.login("admin", server.adminPassword()).statusCode()).isEqualTo(404);
    }

    private static void assertClientError(HttpResponse<String> r, int status, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(FlowiseApiClient.json(r).get("message").asText()).containsIgnoringCase(messagePart);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    static String decryptMeta(String meta) throws Exception {
        String[] parts = meta.split(":");
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE,
                new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(HASH_SECRET.getBytes(StandardCharsets.UTF_8)), "AES"),
                new IvParameterSpec(HexFormat.of().parseHex(parts[0])));
        return new String(aes.doFinal(HexFormat.of().parseHex(parts[1])), StandardCharsets.UTF_8);
    }
}

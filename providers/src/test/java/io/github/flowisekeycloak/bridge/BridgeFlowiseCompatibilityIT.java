package io.github.flowisekeycloak.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.storage.FlowiseComponents;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.CookieJar;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.ReverseProxy;
import io.github.flowisekeycloak.testing.ServerSpec;
import io.github.flowisekeycloak.testing.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8's cases 1-6 against a real, unmodified Flowise 3.1.4 (see {@link FlowisePeer}) behind the
 * real nginx with the committed template, Keycloak with the same secrets, and a real browser
 * (Chromium): on PostgreSQL, on SQLite, and in queue mode with Redis (case 6 is the queue-mode run of
 * the others). Runs only in the Maven profile {@code flowise-compat}; what each case saw goes to the
 * console and to {@code providers/target/bridge-flowise-compatibility.txt}, screenshots to
 * {@code providers/target/bridge-screens/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeFlowiseCompatibilityIT {

    static final String ACCESS = "compat-bridge-access-Q2w9Er4t";
    static final String REFRESH = "compat-bridge-refresh-Z8x7Cv6b";
    static final String HASH = "compat-bridge-hash-M5n4Bv3c";
    static final String SESSION = "compat-bridge-session-K1j2Hg3f";
    static final String ALICE = "alice@example.com";
    static final String ALICE_PASSWORD = "Alice-Flowise#2026";
    static final String ALICE_FLOW = "Alice's first flow";
    static final String STRANGER = "stranger@example.com";
    static final String STRANGER_PASSWORD = "Stranger-Realm#2026";
    static final Path REPORT = Path.of("target/bridge-flowise-compatibility.txt");

    @BeforeAll
    void startReport() throws Exception {
        Files.writeString(REPORT, "Bridge against a real Flowise 3.1.4 (" + FlowisePeer.peerDir() + "), nginx, Chromium\n");
    }

    static synchronized void report(String line) {
        System.out.println("[bridge-compat] " + line);
        try {
            Files.writeString(REPORT, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Nested
    class OnPostgres extends Cases {
        OnPostgres() {
            super(FlowisePeer.Store.POSTGRES);
        }
    }

    @Nested
    class OnSqlite extends Cases {
        OnSqlite() {
            super(FlowisePeer.Store.SQLITE);
        }
    }

    /** Case 6: Flowise in queue mode, its sessions in Redis; cases 1-5 hold there too. */
    @Nested
    class InQueueModeWithRedis extends Cases {
        InQueueModeWithRedis() {
            super(FlowisePeer.Store.QUEUE);
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    abstract static class Cases {

        final FlowisePeer.Store store;
        final String label;
        FlowisePeer flowise;
        KeycloakServer keycloak;
        ReverseProxy proxy;
        AdminApi admin;
        String site;
        String realmId;
        String aliceFlowiseId;
        /** Alice's cookies from case 2 (still signed in, for case 5). */
        Map<String, String> caseTwoCookies;
        /** Alice's one-time password secret (case 2) and the time steps whose codes were used (a code works once). */
        String otpSecret;
        final java.util.Set<Long> usedOtpSteps = new java.util.HashSet<>();

        Cases(FlowisePeer.Store store) {
            this.store = store;
            this.label = store.name().toLowerCase();
        }

        @BeforeAll
        void startEverything() throws Exception {
            int proxyPort = ReverseProxy.reservePort();
            int flowisePort = freePort();
            site = ReverseProxy.origin(proxyPort);
            Map<String, String> shared = new LinkedHashMap<>();
            shared.put("JWT_AUTH_TOKEN_SECRET", ACCESS);
            shared.put("JWT_REFRESH_TOKEN_SECRET", REFRESH);
            shared.put("TOKEN_HASH_SECRET", HASH);
            shared.put("EXPRESS_SESSION_SECRET", SESSION);
            shared.put("JWT_AUDIENCE", "flowise");
            shared.put("JWT_ISSUER", "flowise");
            shared.put("APP_URL", site);
            long started = System.nanoTime();
            flowise = FlowisePeer.start(store, flowisePort, shared);
            report("[" + label + "] Flowise 3.1.4 up on 127.0.0.1:" + flowisePort + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            aliceFlowiseId = flowise.registerOwner("Alice Example", ALICE, ALICE_PASSWORD);
            createChatflowAsAlice();

            Map<String, String> keycloakEnv = new LinkedHashMap<>(shared);
            keycloakEnv.put("KC_PROXY_HEADERS", "xforwarded");
            if (store == FlowisePeer.Store.QUEUE) {
                keycloakEnv.put("MODE", "queue");
                keycloakEnv.put("REDIS_HOST", StoreRows.Redis.HOST);
                keycloakEnv.put("REDIS_PORT", Integer.toString(StoreRows.Redis.PORT));
            }
            keycloak = KeycloakServer.start(ServerSpec.standard().withEnv(keycloakEnv));
            proxy = ReverseProxy.start(proxyPort, keycloak.baseUrl().replace("http://", ""), "127.0.0.1:" + flowisePort);
            admin = new AdminApi(keycloak);
            realmId = admin.get("/admin/realms/flowise").get("id").asText();
            // Somebody the realm knows but Flowise does not (created before the user storage, which would serve Flowise's rows).
            Map<String, Object> stranger = new LinkedHashMap<>();
            stranger.put("username", STRANGER);
            stranger.put("email", STRANGER);
            stranger.put("enabled", true);
            stranger.put("emailVerified", true);
            stranger.put("credentials", List.of(Map.of("type", "password", "value", STRANGER_PASSWORD, "temporary", false)));
            admin.createUser("flowise", stranger);
            new FlowiseComponents(admin, "flowise").add("flowise", flowise.componentConfig());
            report("[" + label + "] site " + site + ": nginx -> Keycloak " + keycloak.baseUrl() + " (/realms/, /resources/) and Flowise (the rest)");
        }

        @AfterAll
        void stopEverything() throws Exception {
            if (proxy != null) {
                proxy.close();
            }
            if (keycloak != null) {
                keycloak.close();
            }
            if (flowise != null) {
                if (store == FlowisePeer.Store.QUEUE) {
                    for (String sid : StoreRows.Redis.cli("HKEYS", RedisSessionStore.index(realmId)).lines().filter(l -> !l.isBlank()).toList()) {
                        StoreRows.Redis.cli("DEL", "sess:" + sid);
                    }
                    StoreRows.Redis.cli("DEL", RedisSessionStore.index(realmId));
                }
                flowise.close();
            }
        }

        @Test
        @Order(1)
        void case1_aliceSignsInAtTheRealmAndLandsInFlowisesUiShowingHerWorkspace() throws Exception {
            try (RealBrowser browser = new RealBrowser()) {
                browser.open(site + "/realms/flowise/flowise-bridge");
                browser.await("the realm's sign-in page", 60, b -> b.has("#kc-form-login"));
                assertThat(browser.url()).startsWith(site + "/realms/flowise/protocol/openid-connect/auth");
                browser.screenshot(label + "-case1-realm-sign-in");
                browser.type("#username", ALICE);
                browser.type("#password", ALICE_PASSWORD);
                browser.find("#kc-login").click();
                landInFlowise(browser, "case1");
                Map<String, String> caseOneCookies = browser.cookies();
                report("[" + label + "] case 1: signed in at the realm's page with her Flowise password (migrated by the user storage); "
                        + "browser on " + browser.url() + " showing '" + ALICE_FLOW + "' in workspace '"
                        + Json.read(browser.localStorage("user")).get("activeWorkspace").asText() + "'; GET /api/v1/chatflows "
                        + "(x-request-from: internal, the browser's cookies) -> 200");

                // The session the bridge wrote is the one Flowise's own login writes for her.
                JsonNode bridged = sessionRecord(sidOf(caseOneCookies.get("connect.sid")));
                Map<String, String> ownLogin = flowiseOwnLogin();
                JsonNode flowisesOwn = sessionRecord(sidOf(ownLogin.get("connect.sid")));
                assertThat(bridged.get("passport").get("user")).isEqualTo(flowisesOwn.get("passport").get("user"));
                assertThat(bridged.get("keycloakBridge").get("realm").asText()).isEqualTo(realmId);
                report("[" + label + "] case 1: passport.user written by the bridge == the one Flowise's own login wrote for her "
                        + "(" + bridged.get("passport").get("user").size() + " fields)");
            }

            // The expiry, measured rather than assumed: a sign-in without JavaScript (no UI request reaches
            // Flowise yet), then one API call, as Flowise's stores treat it.
            SiteBrowser http = new SiteBrowser();
            SiteBrowser.Page login = http.get(site + "/realms/flowise/flowise-bridge");
            SiteBrowser.Page landing = http.submit(login, "#kc-form-login", Map.of("username", ALICE, "password", ALICE_PASSWORD));
            assertThat(landing.status()).as(landing.text()).isEqualTo(200);
            String sid = sidOf(http.jar.get("connect.sid").orElseThrow());
            long written = storeExpiry(sid) - System.currentTimeMillis();
            Map<String, String> cookies = new LinkedHashMap<>();
            for (String name : List.of("connect.sid", "token", "refreshToken")) {
                cookies.put(name, http.jar.get(name).orElseThrow());
            }
            assertThat(apiStatus(cookies)).isEqualTo(200);
            long afterOneCall = storeExpiry(sid) - System.currentTimeMillis();
            assertThat(written).isBetween(java.util.concurrent.TimeUnit.DAYS.toMillis(90) - 600_000, java.util.concurrent.TimeUnit.DAYS.toMillis(90));
            report("[" + label + "] case 1: the bridged session's expiry in Flowise's store: written as now + " + days(written)
                    + " (the Keycloak session's maximum); after one Flowise API call: now + " + days(afterOneCall)
                    + " (Flowise's store; the bridge's sweep ends it with the Keycloak session)");
        }

        @Test
        @Order(2)
        void case2_theSameWithAOneTimePasswordFlowiseNeverSaw() throws Exception {
            String aliceKeycloakId = admin.userId("flowise", ALICE);
            JsonNode user = admin.get("/admin/realms/flowise/users/" + aliceKeycloakId);
            ((com.fasterxml.jackson.databind.node.ObjectNode) user).putArray("requiredActions").add("CONFIGURE_TOTP");
            AdminApi.expectStatus(admin.send("PUT", "/admin/realms/flowise/users/" + aliceKeycloakId, user), 204);
            try (RealBrowser browser = new RealBrowser()) {
                browser.open(site + "/realms/flowise/flowise-bridge");
                browser.await("the realm's sign-in page", 60, b -> b.has("#kc-form-login"));
                browser.type("#username", ALICE);
                browser.type("#password", ALICE_PASSWORD);
                browser.find("#kc-login").click();
                browser.await("the one-time password setup", 60, b -> b.has("#kc-totp-settings-form"));
                browser.screenshot(label + "-case2-otp-setup");
                otpSecret = browser.find("#totpSecret").getAttribute("value");
                browser.type("#totp", freshOtp());
                browser.type("#userLabel", "alice's phone");
                browser.find("#saveTOTPBtn").click();
                landInFlowise(browser, "case2-setup");
            }
            try (RealBrowser browser = new RealBrowser()) {
                signInWithPasswordAndOtp(browser, "case2");
                caseTwoCookies = browser.cookies();
                assertThat(apiStatus(caseTwoCookies)).isEqualTo(200);
                report("[" + label + "] case 2: one-time password set up at the realm, then password + code: browser on "
                        + browser.url() + " showing '" + ALICE_FLOW + "'; GET /api/v1/chatflows -> 200");
            }
        }

        @Test
        @Order(3)
        void case3_signingOutAtTheRealmMakesTheOldCookiesFail() throws Exception {
            try (RealBrowser browser = new RealBrowser()) {
                signInWithPasswordAndOtp(browser, "case3");
                Map<String, String> cookies = browser.cookies();
                assertThat(apiStatus(cookies)).isEqualTo(200);
                String sid = sidOf(cookies.get("connect.sid"));
                // Signing out the way a person does at the realm: its logout endpoint, confirmed.
                browser.open(site + "/realms/flowise/protocol/openid-connect/logout");
                browser.await("the realm's sign-out confirmation", 60, b -> b.has("#kc-logout"));
                browser.find("#kc-logout").click();
                browser.await("the realm's signed-out page", 60, b -> !b.has("#kc-logout"));
                int status = apiStatus(cookies);
                assertThat(status).isEqualTo(401);
                assertThat(sessionRecordOrNull(sid)).isNull();
                // Flowise's UI, opened again: its first API call is refused and it shows its own sign-in page.
                browser.open(site + "/");
                browser.await("Flowise's sign-in page", 60, b -> b.url().contains("/signin") || b.url().contains("/login"));
                browser.screenshot(label + "-case3-after-realm-sign-out");
                report("[" + label + "] case 3: signed out at the realm (logout endpoint, confirmed in the browser); the old cookies: "
                        + "GET /api/v1/chatflows -> " + status + "; the session is gone from Flowise's store; Flowise's UI went to "
                        + browser.url());
            }
        }

        @Test
        @Order(4)
        void case4_aRealmUserUnknownToFlowiseGetsTheThemedPageAndNothingIsWritten() throws Exception {
            long before = storedSessions();
            try (RealBrowser browser = new RealBrowser()) {
                browser.open(site + "/realms/flowise/flowise-bridge");
                browser.await("the realm's sign-in page", 60, b -> b.has("#kc-form-login"));
                browser.type("#username", STRANGER);
                browser.type("#password", STRANGER_PASSWORD);
                browser.find("#kc-login").click();
                browser.await("the no-account page", 60, b -> b.has("#flowise-no-account"));
                browser.screenshot(label + "-case4-no-account");
                assertThat(browser.find("#flowise-no-account").getAttribute("data-reason")).isEqualTo("not-found");
                assertThat(browser.text()).contains("No Flowise account").contains(STRANGER);
                assertThat(browser.cookies()).doesNotContainKeys("connect.sid", "token", "refreshToken");
            }
            assertThat(storedSessions()).isEqualTo(before);
            assertThat(flowiseUsers()).isEqualTo(1);
            report("[" + label + "] case 4: " + STRANGER + " (realm only): themed 'No Flowise account' page; no Flowise cookie; "
                    + "sessions in Flowise's store " + before + " -> " + storedSessions() + "; Flowise users: 1");
        }

        @Test
        @Order(5)
        void case5_aForgedConnectSidOrATokenSignedWithAnotherSecretIsRejectedByFlowise() throws Exception {
            assertThat(caseTwoCookies).as("case 2 ran").isNotNull();
            Map<String, String> good = caseTwoCookies;
            assertThat(apiStatus(good)).as("control: the bridge's own cookies").isEqualTo(200);

            String sid = sidOf(good.get("connect.sid"));
            Map<String, String> wrongSignature = new LinkedHashMap<>(good);
            String raw = URLDecoder.decode(good.get("connect.sid"), StandardCharsets.UTF_8);
            char last = raw.charAt(raw.length() - 1);
            wrongSignature.put("connect.sid", URLEncoder.encode(raw.substring(0, raw.length() - 1) + (last == 'A' ? 'B' : 'A'),
                    StandardCharsets.UTF_8));
            Map<String, String> otherSessionSecret = new LinkedHashMap<>(good);
            otherSessionSecret.put("connect.sid", URLEncoder.encode("s:" + sid + "." + hmacBase64("another-session-secret", sid),
                    StandardCharsets.UTF_8));
            Map<String, String> otherTokenSecret = new LinkedHashMap<>(good);
            String[] jwt = good.get("token").split("\\.");
            otherTokenSecret.put("token", jwt[0] + "." + jwt[1] + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(hmac("another-token-secret", jwt[0] + "." + jwt[1])));
            Map<String, String> noSession = new LinkedHashMap<>(good);
            noSession.remove("connect.sid");

            int forgedSid = apiStatus(wrongSignature);
            int otherSid = apiStatus(otherSessionSecret);
            int otherToken = apiStatus(otherTokenSecret);
            int tokenOnly = apiStatus(noSession);
            assertThat(forgedSid).isEqualTo(401);
            assertThat(otherSid).isEqualTo(401);
            assertThat(otherToken).isEqualTo(401);
            assertThat(tokenOnly).isEqualTo(401);
            assertThat(apiStatus(good)).isEqualTo(200);
            report("[" + label + "] case 5: GET /api/v1/chatflows with the bridge's cookies -> 200; connect.sid with a wrong signature -> "
                    + forgedSid + "; connect.sid signed with another secret -> " + otherSid + "; token signed with another secret -> "
                    + otherToken + "; token without connect.sid -> " + tokenOnly);
        }

        // --- helpers --------------------------------------------------------------------------

        private void signInWithPasswordAndOtp(RealBrowser browser, String shot) throws Exception {
            browser.open(site + "/realms/flowise/flowise-bridge");
            browser.await("the realm's sign-in page", 60, b -> b.has("#kc-form-login"));
            browser.type("#username", ALICE);
            browser.type("#password", ALICE_PASSWORD);
            browser.find("#kc-login").click();
            browser.await("the one-time password page", 60, b -> b.has("#kc-otp-login-form"));
            browser.screenshot(label + "-" + shot + "-otp");
            browser.type("#otp", freshOtp());
            browser.find("#kc-login").click();
            landInFlowise(browser, shot);
        }

        /** A code of a time step not used yet: now, or the next one (the realm accepts one step around now). */
        private String freshOtp() {
            while (true) {
                long step = System.currentTimeMillis() / 1000 / 30;
                for (long candidate : new long[] {step, step + 1}) {
                    if (usedOtpSteps.add(candidate)) {
                        return Totp.code(otpSecret, candidate * 30);
                    }
                }
                KeycloakServer.sleep(2000);
            }
        }

        /** From the bridge's landing page to Flowise's UI, showing the chatflow of Alice's workspace. */
        private void landInFlowise(RealBrowser browser, String shot) throws Exception {
            browser.await("Flowise's UI with Alice's chatflow", 90, b -> !b.url().contains("/realms/") && b.text().contains(ALICE_FLOW));
            assertThat(browser.url()).startsWith(site + "/").doesNotContain("/signin").doesNotContain("/login");
            assertThat(browser.localStorage("isAuthenticated")).isEqualTo("true");
            JsonNode user = Json.read(browser.localStorage("user"));
            assertThat(user.get("id").asText()).isEqualTo(aliceFlowiseId);
            assertThat(user.get("activeWorkspace").asText()).isEqualTo("Default Workspace");
            browser.screenshot(label + "-" + shot + "-flowise");
            // Still signed in a moment later (Flowise's UI drops to its sign-in page on the first refused call).
            KeycloakServer.sleep(3000);
            assertThat(browser.url()).doesNotContain("/signin").doesNotContain("/login");
            assertThat(browser.text()).contains(ALICE_FLOW);
        }

        /** GET /api/v1/chatflows through the site, as Flowise's UI calls it, with these cookies. */
        private int apiStatus(Map<String, String> cookies) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(site + "/api/v1/chatflows")).header("x-request-from", "internal")
                    .timeout(Duration.ofSeconds(30)).GET();
            String header = cookies.entrySet().stream().filter(e -> List.of("connect.sid", "token", "refreshToken").contains(e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
            if (!header.isEmpty()) {
                r.header("Cookie", header);
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                assertThat(response.body()).contains(ALICE_FLOW);
            }
            return response.statusCode();
        }

        /** Flowise's own login for Alice (behind the proxy's back); answers its cookies. */
        private Map<String, String> flowiseOwnLogin() throws Exception {
            CookieJar jar = new CookieJar();
            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(flowise.baseUrl() + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("email", ALICE, "password", ALICE_PASSWORD)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            jar.absorb(login);
            Map<String, String> cookies = new LinkedHashMap<>();
            for (String name : List.of("connect.sid", "token", "refreshToken")) {
                cookies.put(name, jar.get(name).orElseThrow());
            }
            return cookies;
        }

        private void createChatflowAsAlice() throws Exception {
            Map<String, String> cookies = flowiseOwnLogin();
            String header = cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(flowise.baseUrl() + "/api/v1/chatflows"))
                    .header("Content-Type", "application/json").header("x-request-from", "internal").header("Cookie", header)
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("name", ALICE_FLOW, "type", "CHATFLOW",
                            "flowData", "{\"nodes\":[],\"edges\":[]}", "deployed", false, "isPublic", false)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(flowise.baseUrl() + "/api/v1/account/logout"))
                    .header("Cookie", header).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        }

        private JsonNode sessionRecord(String sid) throws Exception {
            JsonNode record = sessionRecordOrNull(sid);
            assertThat(record).as("session " + sid + " in Flowise's store").isNotNull();
            return record;
        }

        private JsonNode sessionRecordOrNull(String sid) throws Exception {
            if (store == FlowisePeer.Store.QUEUE) {
                String json = StoreRows.Redis.cli("GET", "sess:" + sid);
                return json.isEmpty() ? null : Json.read(json);
            }
            try (Connection c = flowise.connect();
                 PreparedStatement st = c.prepareStatement(store == FlowisePeer.Store.SQLITE
                         ? "SELECT sess FROM login_sessions WHERE sid = ?" : "SELECT sess::text FROM login_sessions WHERE sid = ?")) {
                st.setString(1, sid);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Json.read(rs.getString(1)) : null;
                }
            }
        }

        /** When Flowise's store lets the session expire (ms since the epoch). */
        private long storeExpiry(String sid) throws Exception {
            if (store == FlowisePeer.Store.QUEUE) {
                return System.currentTimeMillis() + Long.parseLong(StoreRows.Redis.cli("PTTL", "sess:" + sid));
            }
            try (Connection c = flowise.connect();
                 PreparedStatement st = c.prepareStatement(store == FlowisePeer.Store.SQLITE
                         ? "SELECT expired FROM login_sessions WHERE sid = ?" : "SELECT expire FROM login_sessions WHERE sid = ?")) {
                st.setString(1, sid);
                try (ResultSet rs = st.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return store == FlowisePeer.Store.SQLITE ? rs.getLong(1)
                            : rs.getTimestamp(1).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
                }
            }
        }

        private static String days(long millis) {
            return String.format(java.util.Locale.ROOT, "%.2f days", millis / 86_400_000.0);
        }

        private long storedSessions() throws Exception {
            if (store == FlowisePeer.Store.QUEUE) {
                return StoreRows.Redis.cli("--scan", "--pattern", "sess:*").lines().filter(l -> !l.isBlank()).count();
            }
            try (Connection c = flowise.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM login_sessions")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private long flowiseUsers() throws Exception {
            try (Connection c = flowise.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"user\"")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private static String sidOf(String cookieValue) {
            String raw = URLDecoder.decode(cookieValue, StandardCharsets.UTF_8);
            String sid = raw.substring(2, raw.lastIndexOf('.'));
            assertThat(raw.substring(raw.lastIndexOf('.') + 1)).isEqualTo(hmacBase64(SESSION, sid));
            return sid;
        }

        private static String hmacBase64(String secret, String text) {
            return Base64.getEncoder().encodeToString(hmac(secret, text)).replace("=", "");
        }

        private static byte[] hmac(String secret, String text) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static int freePort() throws Exception {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}

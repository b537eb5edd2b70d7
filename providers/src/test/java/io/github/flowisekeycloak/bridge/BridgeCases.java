package io.github.flowisekeycloak.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.storage.FlowiseComponents;
import io.github.flowisekeycloak.storage.FlowiseDb;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8's checks that need no Flowise, against one session store, through the real Keycloak and
 * the real nginx: what is written (row and cookies), what is not (no account, not active, email not
 * verified, a callback this browser did not start, a code used twice, the wrong address), and that
 * it ends with the Keycloak session (sign-out, an administrator's, a disabled user, the sweep).
 * One subclass per store; the Flowise database and its component are this class's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BridgeCases {

    static final String REALM = "flowise";
    static final String HORSE = "Corr3ct-Horse!";
    static final String HORSE_10 = "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6";
    static final long NINETY_DAYS = TimeUnit.DAYS.toMillis(90);

    BridgeSite site;
    KeycloakServer server;
    AdminApi admin;
    FlowiseDb db;
    StoreRows rows;
    FlowiseComponents components;
    String componentId;
    String realmId;
    final Map<String, String> flowiseIds = new LinkedHashMap<>();

    abstract BridgeSite site();

    abstract FlowiseDb newDatabase() throws Exception;

    abstract StoreRows rows(FlowiseDb db);

    /** This class's email domain: several classes use one realm. */
    abstract String domain();

    String email(String local) {
        return "br-" + local + "@" + domain();
    }

    @BeforeAll
    void setUp() throws Exception {
        site = site();
        server = site.keycloak;
        admin = new AdminApi(server);
        realmId = admin.get("/admin/realms/" + REALM).get("id").asText();
        db = newDatabase();
        rows = rows(db);
        rows.prepare();
        // People the realm knows by a verified address (as from LDAP or an identity provider), created
        // before the Flowise user storage is added: with it, the realm would serve Flowise's row instead.
        for (String member : List.of("carol", "gina", "hank", "ivy", "jack", "kate", "erin", "dave")) {
            admin.createUser(REALM, AdminApi.userWithHash(email(member), "bcrypt", 10, HORSE_10));
        }
        Map<String, Object> frank = new LinkedHashMap<>(AdminApi.userWithHash(email("frank"), "bcrypt", 10, HORSE_10));
        frank.put("emailVerified", false);
        admin.createUser(REALM, frank);
        components = new FlowiseComponents(admin, REALM);
        componentId = components.add("flowise-bridge-" + domain(), db.componentConfig());
        Map<String, String> twoWorkspaces = new LinkedHashMap<>();
        twoWorkspaces.put(db.defaultWorkspaceId, null);
        twoWorkspaces.put(db.otherWorkspaceId, "2026-01-02 10:00:00");
        // Signs in with her Flowise password at the realm (migrated by the user storage, linked by flowise_id).
        flowiseIds.put("alice", db.addUser(email("alice"), "Alice Liddell", HORSE_10, "active", true, twoWorkspaces));
        // Flowise accounts of people Keycloak knows by a verified address.
        for (String member : List.of("carol", "gina", "hank", "ivy", "jack", "kate")) {
            flowiseIds.put(member, db.addUser(email(member), email(member), HORSE_10, "active", false,
                    Map.of(db.defaultWorkspaceId, "2026-01-01 09:00:00")));
        }
        flowiseIds.put("erin", db.addUser(email("erin"), "Erin", HORSE_10, "unverified", false, Map.of(db.defaultWorkspaceId, "2026-01-01 09:00:00")));
        flowiseIds.put("frank", db.addUser(email("frank"), "Frank", HORSE_10, "active", false, Map.of(db.defaultWorkspaceId, "2026-01-01 09:00:00")));
        // dave is in the realm only.
    }

    @AfterAll
    void tearDown() throws Exception {
        if (componentId != null) {
            components.remove(componentId);
        }
        if (admin != null) {
            for (JsonNode user : admin.get("/admin/realms/" + REALM + "/users?max=200&search=" + AdminApi.encode("@" + domain()))) {
                admin.send("DELETE", "/admin/realms/" + REALM + "/users/" + user.get("id").asText(), null);
            }
        }
        if (rows != null) {
            rows.cleanUp(realmId);
        }
        if (db != null) {
            db.close();
        }
        afterAll();
    }

    /** Runs last, after this class cleaned up (a subclass that started its own site stops it here). */
    void afterAll() {
    }

    // --- what is written ------------------------------------------------------------------------

    @Test
    @Order(1)
    void aSignInWritesFlowisesOwnSessionAndSetsItsCookies() throws Exception {
        long before = System.currentTimeMillis();
        SiteBrowser browser = new SiteBrowser();
        SiteBrowser.Page landing = signIn(browser, email("alice"));
        assertThat(landing.status()).as(landing.text()).isEqualTo(200);
        assertThat(landing.url()).startsWith(site.bridgeUrl(REALM) + "/callback?");

        for (String name : List.of("connect.sid", "token", "refreshToken")) {
            String header = landing.setCookie(name).orElseThrow(() -> new AssertionError("no " + name + " in " + landing.setCookies()));
            // Flowise's attributes: host-only, a browser-session cookie, HttpOnly, Lax; not Secure on a plain-http APP_URL.
            assertThat(header).contains("; Path=/").contains("HttpOnly").contains("SameSite=Lax")
                    .doesNotContainIgnoringCase("Domain=").doesNotContainIgnoringCase("Expires=").doesNotContainIgnoringCase("Max-Age")
                    .doesNotContain("Secure");
        }
        String sid = sidOf(browser.jar.get("connect.sid").orElseThrow());
        assertThat(sid).matches("[A-Za-z0-9_-]{32}");

        StoreRows.Row row = rows.find(sid).orElseThrow(() -> new AssertionError("no session " + sid + " in the store"));
        JsonNode sess = Json.read(row.sessJson());
        JsonNode user = sess.get("passport").get("user");
        String aliceId = flowiseIds.get("alice");
        assertThat(user.get("id").asText()).isEqualTo(aliceId);
        assertThat(user.get("email").asText()).isEqualTo(email("alice"));
        assertThat(user.get("name").asText()).isEqualTo("Alice Liddell");
        assertThat(user.get("roleId").asText()).isEqualTo(db.ownerRoleId);
        assertThat(user.get("activeOrganizationId").asText()).isEqualTo(db.orgId);
        assertThat(user.get("activeOrganizationSubscriptionId").isNull()).isTrue();
        assertThat(user.get("activeOrganizationProductId").asText()).isEmpty();
        assertThat(user.get("isOrganizationAdmin").asBoolean()).isTrue();
        // The membership with the latest lastLogin is the active workspace, as Flowise chooses.
        assertThat(user.get("activeWorkspaceId").asText()).isEqualTo(db.otherWorkspaceId);
        assertThat(user.get("assignedWorkspaces")).hasSize(2);
        assertThat(user.get("assignedWorkspaces").get(0).get("id").asText()).isEqualTo(db.otherWorkspaceId);
        assertThat(user.get("assignedWorkspaces").get(1).get("role").asText()).isEqualTo("owner");
        assertThat(user.get("permissions").toString()).isEqualTo("[\"organization\",\"workspace\"]");
        assertThat(user.get("features").toString()).isEqualTo("{}");

        String keycloakUserId = admin.userId(REALM, email("alice"));
        JsonNode kcSessions = admin.get("/admin/realms/" + REALM + "/users/" + keycloakUserId + "/sessions");
        assertThat(kcSessions).hasSize(1);
        String kcSession = kcSessions.get(0).get("id").asText();
        assertThat(sess.get("keycloakBridge").get("realm").asText()).isEqualTo(realmId);
        assertThat(sess.get("keycloakBridge").get("user").asText()).isEqualTo(keycloakUserId);
        assertThat(sess.get("keycloakBridge").get("session").asText()).isEqualTo(kcSession);

        // The row expires with the Keycloak session's maximum (the exported realm's 90 days).
        long kcStart = kcSessions.get(0).get("start").asLong();
        assertThat(row.expiresAtMillis()).isBetween(kcStart + NINETY_DAYS - 2_000, kcStart + NINETY_DAYS + 2_000);
        assertThat(Instant.parse(sess.get("cookie").get("expires").asText()).toEpochMilli())
                .isBetween(kcStart + NINETY_DAYS - 1_000, kcStart + NINETY_DAYS + 1_000);
        assertThat(sess.get("cookie").get("originalMaxAge").isNull()).isTrue();

        // The tokens Flowise verifies: its secrets, its claims, meta naming the user and the active workspace.
        JsonNode access = verifiedClaims(browser.jar.get("token").orElseThrow(), BridgeSite.ACCESS_SECRET);
        assertThat(access.get("id").asText()).isEqualTo(aliceId);
        assertThat(access.get("username").asText()).isEqualTo("Alice Liddell");
        assertThat(access.get("aud").asText()).isEqualTo(BridgeSite.AUDIENCE);
        assertThat(access.get("iss").asText()).isEqualTo(BridgeSite.ISSUER);
        assertThat(access.get("iat").asLong()).isBetween(before / 1000 - 1, System.currentTimeMillis() / 1000 + 1);
        assertThat(decryptMeta(access.get("meta").asText())).isEqualTo(aliceId + ":" + db.otherWorkspaceId);
        assertThat(access.get("sid").asText()).isEqualTo(kcSession);
        JsonNode refresh = verifiedClaims(browser.jar.get("refreshToken").orElseThrow(), BridgeSite.REFRESH_SECRET);
        assertThat(refresh.get("id").asText()).isEqualTo(aliceId);
        assertThat(refresh.get("exp").asLong() * 1000).isLessThanOrEqualTo(kcStart + NINETY_DAYS + 1_000);

        // The landing page records the sign-in as Flowise's UI does, then opens APP_URL.
        JsonNode data = Json.read(landing.document().getElementById("flowise-bridge-data").data());
        assertThat(data.get("next").asText()).isEqualTo(site.origin() + "/");
        JsonNode items = data.get("items");
        assertThat(items.get("isAuthenticated").asText()).isEqualTo("true");
        assertThat(items.get("isGlobal").asText()).isEqualTo("true");
        assertThat(items.get("isSSO").asText()).isEqualTo("false");
        assertThat(Json.read(items.get("user").asText()).get("activeWorkspaceId").asText()).isEqualTo(db.otherWorkspaceId);
        assertThat(landing.header("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
        assertThat(landing.header("Cache-Control")).hasValue("no-store");

        // The proxy sends the rest of the site to Flowise (here its stand-in).
        assertThat(browser.get(site.origin() + "/").body()).isEqualTo(BridgeSite.STUB_BODY);
    }

    @Test
    @Order(2)
    void aPersonKnownByAVerifiedAddressIsFoundByEmail() throws Exception {
        SiteBrowser browser = new SiteBrowser();
        SiteBrowser.Page landing = signIn(browser, email("carol"));
        assertThat(landing.status()).as(landing.text()).isEqualTo(200);
        JsonNode user = Json.read(rows.find(sidOf(browser.jar.get("connect.sid").orElseThrow())).orElseThrow().sessJson())
                .get("passport").get("user");
        assertThat(user.get("id").asText()).isEqualTo(flowiseIds.get("carol"));
        assertThat(user.get("isOrganizationAdmin").asBoolean()).isFalse();
        assertThat(user.get("roleId").asText()).isEqualTo(db.memberRoleId);
        assertThat(user.get("permissions").toString()).isEqualTo("[]");
        JsonNode items = Json.read(landing.document().getElementById("flowise-bridge-data").data()).get("items");
        assertThat(items.get("isGlobal").asText()).isEqualTo("false");
    }

    // --- what writes nothing ----------------------------------------------------------------------

    @Test
    @Order(10)
    void aRealmUserWithoutAFlowiseAccountGetsTheThemedPageAndNothingIsWritten() throws Exception {
        assertAccountPage("dave", "not-found", "No Flowise account");
    }

    @Test
    @Order(11)
    void aFlowiseAccountThatIsNotActiveGetsTheThemedPageAndNothingIsWritten() throws Exception {
        assertAccountPage("erin", "not-active", "not active");
    }

    @Test
    @Order(12)
    void anUnverifiedAddressOpensNoFlowiseAccount() throws Exception {
        assertAccountPage("frank", "email-not-verified", "not verified");
    }

    private void assertAccountPage(String who, String reason, String text) throws Exception {
        long stored = rows.count();
        SiteBrowser browser = new SiteBrowser();
        SiteBrowser.Page page = signIn(browser, email(who));
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.document().select("#flowise-no-account").attr("data-reason")).isEqualTo(reason);
        assertThat(page.text()).contains(text).contains(email(who)).contains("Nothing was changed in Flowise");
        assertThat(page.document().select("#flowise-sign-in-other").attr("href"))
                .contains("/realms/" + REALM + "/protocol/openid-connect/logout");
        assertNoFlowiseCookies(browser, page);
        assertThat(rows.count()).isEqualTo(stored);
    }

    @Test
    @Order(13)
    void aCallbackThisBrowserDidNotStartIsRefusedBeforeTheCodeIsUsed() throws Exception {
        SiteBrowser attacker = new SiteBrowser();
        String callback = stopBeforeCallback(attacker, email("gina"));
        long stored = rows.count();

        SiteBrowser victim = new SiteBrowser();
        SiteBrowser.Page refused = victim.get(callback);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("not started in this browser");
        assertNoFlowiseCookies(victim, refused);
        assertThat(rows.count()).isEqualTo(stored);

        // The code was not touched: the browser that started the sign-in still completes it.
        SiteBrowser.Page landing = attacker.get(callback);
        assertThat(landing.status()).as(landing.text()).isEqualTo(200);
        assertThat(rows.find(sidOf(attacker.jar.get("connect.sid").orElseThrow()))).isPresent();
    }

    @Test
    @Order(14)
    void aCodeWorksOnce() throws Exception {
        SiteBrowser browser = new SiteBrowser();
        List<String> startCookies = new ArrayList<>();
        String callback = stopBeforeCallback(browser, email("hank"), startCookies);
        String stateCookie = startCookies.stream().filter(c -> c.startsWith("FLOWISE_BRIDGE_")).findFirst().orElseThrow();
        assertThat(browser.get(callback).status()).isEqualTo(200);
        long stored = rows.count();

        // The same state cookie presented again with the spent code.
        SiteBrowser replay = new SiteBrowser();
        String pair = stateCookie.split(";")[0];
        replay.jar.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        SiteBrowser.Page again = replay.get(callback);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.text()).contains("not valid or was already used");
        assertNoFlowiseCookies(replay, again);
        assertThat(rows.count()).isEqualTo(stored);
    }

    @Test
    @Order(15)
    void theBridgeAnswersOnlyThroughFlowisesAddress() throws Exception {
        SiteBrowser direct = new SiteBrowser();
        SiteBrowser.Page page = direct.get(server.baseUrl() + "/realms/" + REALM + "/flowise-bridge");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.text()).contains(site.origin()).contains(server.baseUrl());
        assertThat(page.setCookies()).noneMatch(c -> c.startsWith("FLOWISE_BRIDGE_"));
    }

    @Test
    @Order(16)
    void anAuthorizationErrorIsShownOnlyAsAnErrorCode() throws Exception {
        long stored = rows.count();
        for (String[] error : new String[][] {{"access_denied", "access_denied"}, {"<b>Call 555-0100</b>", "error"}}) {
            SiteBrowser browser = new SiteBrowser();
            SiteBrowser.Page started = browser.get(site.bridgeUrl(REALM), location -> location.contains("/protocol/openid-connect/auth"));
            String state = java.net.URLDecoder.decode(started.stoppedAt().replaceAll(".*[?&]state=([^&]+).*", "$1"), StandardCharsets.UTF_8);
            SiteBrowser.Page page = browser.get(site.bridgeUrl(REALM) + "/callback?state=" + state + "&error="
                    + java.net.URLEncoder.encode(error[0], StandardCharsets.UTF_8));
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.text()).contains("The sign-in did not complete (" + error[1] + ")").doesNotContain("555-0100");
            assertNoFlowiseCookies(browser, page);
        }
        assertThat(rows.count()).isEqualTo(stored);
    }

    // --- it ends with the Keycloak session --------------------------------------------------------

    @Test
    @Order(20)
    void signingOutAtTheRealmRemovesTheFlowiseSession() throws Exception {
        SiteBrowser browser = new SiteBrowser();
        assertThat(signIn(browser, email("ivy")).status()).isEqualTo(200);
        String sid = sidOf(browser.jar.get("connect.sid").orElseThrow());
        assertThat(rows.find(sid)).isPresent();
        SiteBrowser.Page confirm = browser.get(site.origin() + "/realms/" + REALM + "/protocol/openid-connect/logout");
        SiteBrowser.Page out = browser.submit(confirm, "form", Map.of("confirmLogout", "Logout"));
        assertThat(out.status()).isLessThan(400);
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + admin.userId(REALM, email("ivy")) + "/sessions")).isEmpty();
        // Removed right after the sign-out committed, not by the sweep.
        assertThat(rows.find(sid)).isEmpty();
    }

    @Test
    @Order(21)
    void anAdministratorEndingTheSessionRemovesTheFlowiseSession() throws Exception {
        SiteBrowser browser = new SiteBrowser();
        assertThat(signIn(browser, email("jack")).status()).isEqualTo(200);
        String sid = sidOf(browser.jar.get("connect.sid").orElseThrow());
        String userId = admin.userId(REALM, email("jack"));
        String kcSession = admin.get("/admin/realms/" + REALM + "/users/" + userId + "/sessions").get(0).get("id").asText();
        AdminApi.expectStatus(admin.send("DELETE", "/admin/realms/" + REALM + "/sessions/" + kcSession, null), 204);
        assertThat(rows.find(sid)).isEmpty();
    }

    @Test
    @Order(22)
    void anAdministratorSigningTheUserOutOrDisablingThemRemovesTheFlowiseSessions() throws Exception {
        SiteBrowser first = new SiteBrowser();
        assertThat(signIn(first, email("kate")).status()).isEqualTo(200);
        String firstSid = sidOf(first.jar.get("connect.sid").orElseThrow());
        String userId = admin.userId(REALM, email("kate"));
        AdminApi.expectStatus(admin.send("POST", "/admin/realms/" + REALM + "/users/" + userId + "/logout", null), 204);
        assertThat(rows.find(firstSid)).isEmpty();

        SiteBrowser second = new SiteBrowser();
        assertThat(signIn(second, email("kate")).status()).isEqualTo(200);
        String secondSid = sidOf(second.jar.get("connect.sid").orElseThrow());
        JsonNode user = admin.get("/admin/realms/" + REALM + "/users/" + userId);
        ((com.fasterxml.jackson.databind.node.ObjectNode) user).put("enabled", false);
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM + "/users/" + userId, user), 204);
        assertThat(rows.find(secondSid)).isEmpty();
    }

    @Test
    @Order(23)
    void theSweepRemovesBridgedSessionsWhoseKeycloakSessionIsGoneAndNothingElse() throws Exception {
        long farAway = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1);
        String orphan = UUID.randomUUID().toString().replace("-", "");
        String flowisesOwn = UUID.randomUUID().toString().replace("-", "");
        rows.insert(orphan, "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"},"
                + "\"passport\":{\"user\":{\"id\":\"" + flowiseIds.get("alice") + "\"}},\"keycloakBridge\":{\"realm\":\"" + realmId
                + "\",\"user\":\"gone-user\",\"session\":\"" + UUID.randomUUID() + "\"}}", farAway);
        markIndexed(orphan, "gone-user " + UUID.randomUUID());
        rows.insert(flowisesOwn, "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"},"
                + "\"passport\":{\"user\":{\"id\":\"" + flowiseIds.get("alice") + "\"}}}", farAway);
        SiteBrowser live = new SiteBrowser();
        assertThat(signIn(live, email("carol")).status()).isEqualTo(200);
        String liveSid = sidOf(live.jar.get("connect.sid").orElseThrow());

        await(() -> rowGone(orphan), 30);
        KeycloakServer.sleep(6_000); // one more sweep: what lives stays
        assertThat(rows.find(flowisesOwn)).as("a session Flowise wrote itself").isPresent();
        assertThat(rows.find(liveSid)).as("a bridged session whose Keycloak session lives").isPresent();
        rows.delete(flowisesOwn);
    }

    /** Redis keeps an index of the bridge's sessions; the database stores need none. */
    void markIndexed(String sid, String value) throws Exception {
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** The bridge, the realm's themed login page with the password, and whatever the callback answers. */
    SiteBrowser.Page signIn(SiteBrowser browser, String username) {
        SiteBrowser.Page login = browser.get(site.bridgeUrl(REALM));
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        assertThat(login.url()).startsWith(site.origin() + "/realms/" + REALM + "/protocol/openid-connect/auth");
        return browser.submit(login, "#kc-form-login", Map.of("username", username, "password", HORSE, "credentialId", ""));
    }

    String stopBeforeCallback(SiteBrowser browser, String username) {
        return stopBeforeCallback(browser, username, new ArrayList<>());
    }

    String stopBeforeCallback(SiteBrowser browser, String username, List<String> startCookies) {
        SiteBrowser.Page login = browser.get(site.bridgeUrl(REALM));
        startCookies.addAll(login.setCookies());
        SiteBrowser.Page stopped = browser.submit(login, "#kc-form-login", Map.of("username", username, "password", HORSE, "credentialId", ""),
                location -> location.contains("/flowise-bridge/callback"));
        assertThat(stopped.stoppedAt()).as(stopped.text()).isNotNull();
        return stopped.stoppedAt();
    }

    private static void assertNoFlowiseCookies(SiteBrowser browser, SiteBrowser.Page page) {
        assertThat(page.setCookies()).noneMatch(c -> c.startsWith("connect.sid=") || c.startsWith("token=") || c.startsWith("refreshToken="));
        assertThat(browser.jar.get("connect.sid")).isEmpty();
    }

    private boolean rowGone(String sid) {
        try {
            return rows.find(sid).isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s");
            }
            KeycloakServer.sleep(500);
        }
    }

    /** The session id of a connect.sid value whose signature verifies with EXPRESS_SESSION_SECRET (checked here independently). */
    static String sidOf(String cookieValue) throws Exception {
        String raw = URLDecoder.decode(cookieValue, StandardCharsets.UTF_8);
        assertThat(raw).startsWith("s:");
        String sid = raw.substring(2, raw.lastIndexOf('.'));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(BridgeSite.SESSION_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(sid.getBytes(StandardCharsets.UTF_8))).replace("=", "");
        assertThat(raw.substring(raw.lastIndexOf('.') + 1)).as("connect.sid signature").isEqualTo(expected);
        return sid;
    }

    static JsonNode verifiedClaims(String jwt, String secret) throws Exception {
        String[] parts = jwt.split("\\.");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(Base64.getUrlDecoder().decode(parts[2])).as("HS256 signature")
                .isEqualTo(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        return Json.read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    static String decryptMeta(String meta) throws Exception {
        String[] parts = meta.split(":");
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(MessageDigest.getInstance("SHA-256")
                        .digest(BridgeSite.HASH_SECRET.getBytes(StandardCharsets.UTF_8)), "AES"),
                new IvParameterSpec(HexFormat.of().parseHex(parts[0])));
        return new String(aes.doFinal(HexFormat.of().parseHex(parts[1])), StandardCharsets.UTF_8);
    }
}

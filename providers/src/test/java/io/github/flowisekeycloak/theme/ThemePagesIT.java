package io.github.flowisekeycloak.theme;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.Chromium;
import io.github.flowisekeycloak.testing.ItPaths;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.ServerSpec;
import io.github.flowisekeycloak.testing.SmtpServer;
import io.github.flowisekeycloak.testing.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every page a Flowise user meets, in real headless Chromium against one real Keycloak with our jar
 * (SMTP to an in-process GreenMail, the legacy setup pair set): sign in, forgot password, email
 * sent, the reset email and its update-password page, the used (expired) link, page expired,
 * error, logout confirmation and the logged-out info page, the required actions (verify email with
 * its email, update profile, configure OTP, update password), the OTP sign-in, and the first-owner
 * setup pages. Each page goes through {@link FlowiseLook#check} and is completed with the keyboard
 * alone: Tab, typing, Enter; no clicks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThemePagesIT {

    static final String REALM = "flowise";
    /** A stand-in for the Flowise app (APP_URL): where Keycloak sends the browser back with a code. */
    static HttpServer app;
    static String APP;
    static final String SENDER = "flowise-noreply@example.com";
    static final String LEGACY_USER = "legacyops";
    static final String LEGACY_PASSWORD = "Old-Pass#77";
    static final String PASSWORD = "Corr3ct-Horse!";
    static final String NEW_PASSWORD = "N3w-Horse!pass";
    // PKCE (S256) is required by the flowise client; the code is never exchanged here.
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    static final Pattern ACTION_LINK = Pattern.compile("(https?://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+)");

    private static SmtpServer smtp;
    private static KeycloakServer server;
    private static AdminApi admin;
    private static Chromium browser;
    private static FlowiseLook look;
    private static long started;

    @BeforeAll
    static void start() {
        started = System.nanoTime();
        smtp = SmtpServer.start();
        app = appStandIn();
        APP = "http://127.0.0.1:" + app.getAddress().getPort() + "/";
        Map<String, String> env = new HashMap<>();
        env.put("APP_URL", APP.substring(0, APP.length() - 1));
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", Integer.toString(smtp.plainPort()));
        env.put("SMTP_USER", SmtpServer.USER);
        env.put("SMTP_PASSWORD", SmtpServer.PASSWORD);
        env.put("SMTP_SECURE", "false");
        env.put("SENDER_EMAIL", SENDER);
        env.put("FLOWISE_USERNAME", LEGACY_USER);
        env.put("FLOWISE_PASSWORD", LEGACY_PASSWORD);
        server = KeycloakServer.start(ServerSpec.standard().withEnv(env));
        admin = new AdminApi(server);
        admin.enableEvents(REALM);
        browser = Chromium.start();
        look = new FlowiseLook(browser, screenshots());
        System.out.printf("ThemePagesIT: Keycloak and Chromium ready after %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (smtp != null) {
                smtp.close();
            }
            if (app != null) {
                app.stop(0);
            }
            System.out.printf("ThemePagesIT: %.1f s in all%n", (System.nanoTime() - started) / 1e9);
        }
    }

    @BeforeEach
    void newPerson() {
        browser.forgetEverything();
    }

    /** Where each case ended (a failed one especially), for whoever reads a red run. */
    @AfterEach
    void lastPage(org.junit.jupiter.api.TestInfo test) {
        browser.screenshot(screenshots().resolve("last-page").resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
        browser.forgetEverything();
    }

    /**
     * A plain page on a free loopback port, so the end of a flow is a real page in the browser (not
     * a connection error, which Chromium may retry, sending the last request again).
     */
    private static HttpServer appStandIn() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] page = "<!DOCTYPE html><html lang=en><title>Flowise</title><p>Back at the app</p></html>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path screenshots() {
        return Path.of(System.getProperty("it.screenshots.dir", "target/screenshots"));
    }

    // ---- Cases ----------------------------------------------------------------------------------

    @Test
    @Order(1)
    void signInPage_wrongPasswordThenSignInWithTheKeyboard() {
        user("signin@example.com", Map.of());
        openLoginPage(REALM);
        look.check("signin");
        assertThat(look.everyTabStopShowsFocus("signin")).containsSubsequence("#username", "#password", "#kc-login");

        typeCredentials("signin@example.com", "Wrong-Pass1!");
        browser.awaitPage("login-login");
        assertThat(browser.text("#input-error-username")).contains("Invalid");
        look.check("signin-error");

        typeCredentials("signin@example.com", PASSWORD);
        awaitBackAtTheApp();
    }

    @Test
    @Order(2)
    void forgotPassword_emailSent_resetEmail_updatePassword_thenTheUsedLinkIsExpired() {
        String email = "reset@example.com";
        user(email, Map.of());
        openLoginPage(REALM);
        browser.tabTo(e -> "a".equals(e.getTagName()) && e.getAttribute("href").contains("reset-credentials"),
                "the Forgot password? link", 10);
        browser.press(Keys.ENTER);
        browser.awaitPage("login-login-reset-password");
        look.check("forgot-password");

        browser.tabToId("username");
        browser.press(email, Keys.ENTER);
        // Keycloak answers with the sign-in page and a success message (the same for unknown addresses).
        browser.await(d -> d.getPageSource().contains("You should receive an email"), "the email-sent page");
        browser.awaitPage("login-login");
        look.check("email-sent");

        SmtpServer.Mail mail = awaitMail(email);
        String link = checkEmail(mail, "reset-password-email");
        assertThat(mail.subject()).isEqualTo("Reset your Flowise password");

        browser.open(link);
        browser.awaitPage("login-login-update-password");
        look.check("update-password");
        assertThat(look.everyTabStopShowsFocus("update-password")).containsSubsequence("#password-new", "#password-confirm",
                "#kc-submit");
        browser.tabToId("password-new");
        browser.press(NEW_PASSWORD);
        browser.tabToId("password-confirm");
        browser.press(NEW_PASSWORD, Keys.ENTER);
        awaitBackAtTheApp();

        // The link works once: opened again (another person, no session) it is expired.
        browser.forgetEverything();
        browser.open(link);
        browser.await(d -> browser.pageId() != null, "a page for the used link");
        assertThat(browser.text("body").toLowerCase()).containsAnyOf("expired", "no longer valid", "invalid");
        look.check("expired-link");
        completeWithTheKeyboardWhenThereIsALink();
    }

    @Test
    @Order(3)
    void pageExpired_whenAnOldStepOfTheFlowIsOpenedAgain() {
        openLoginPage(REALM);
        String loginAction = browser.driver().findElement(By.id("kc-form-login")).getAttribute("action");
        browser.tabTo(e -> "a".equals(e.getTagName()) && e.getAttribute("href").contains("reset-credentials"),
                "the Forgot password? link", 10);
        browser.press(Keys.ENTER);
        browser.awaitPage("login-login-reset-password");
        // Back to the sign-in step's address while the flow is on the reset step (a stale tab, or Back).
        browser.open(loginAction);
        browser.awaitPage("login-login-page-expired");
        look.check("page-expired");
        browser.tabToId("loginRestartLink");
        browser.press(Keys.ENTER);
        browser.awaitPage("login-login");
    }

    @Test
    @Order(4)
    void errorPage_forAnUnknownApplication() {
        browser.open(server.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth?client_id=no-such-app"
                + "&response_type=code&scope=openid&redirect_uri=" + enc(APP));
        browser.awaitPage("login-error");
        assertThat(browser.text("#kc-error-message")).contains("Client not found");
        look.check("error");
        completeWithTheKeyboardWhenThereIsALink();
    }

    @Test
    @Order(5)
    void logoutConfirmation_thenTheLoggedOutInfoPage() {
        user("logout@example.com", Map.of());
        openLoginPage(REALM);
        typeCredentials("logout@example.com", PASSWORD);
        awaitBackAtTheApp();

        browser.open(server.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/logout");
        browser.awaitPage("login-logout-confirm");
        look.check("logout-confirm");
        browser.tabToId("kc-logout");
        browser.press(Keys.ENTER);
        browser.awaitPage("login-info");
        assertThat(browser.text("#kc-page-title")).containsIgnoringCase("logged out");
        look.check("info-logged-out");

        // Signed out for real: the login page asks again.
        openLoginPage(REALM);
    }

    @Test
    @Order(6)
    void requiredActions_verifyEmail_updateProfile_configureOtp_updatePassword_thenOtpSignIn() {
        String email = "actions@example.com";
        String userId = user(email, Map.of("emailVerified", false,
                "requiredActions", List.of("VERIFY_EMAIL", "UPDATE_PROFILE", "CONFIGURE_TOTP", "UPDATE_PASSWORD")));
        openLoginPage(REALM);
        typeCredentials(email, PASSWORD);

        String otpKey = null;
        for (int step = 0; step < 6; step++) {
            browser.await(d -> browser.url().startsWith(APP) || browser.pageId() != null && !"login-login".equals(browser.pageId()),
                    "the next required action");
            if (browser.url().startsWith(APP)) {
                break;
            }
            String page = browser.pageId();
            System.out.println("ThemePagesIT required actions: " + page + " at " + browser.url().replaceAll("\\?.*", ""));
            switch (page) {
                case "login-login-verify-email" -> {
                    look.check("verify-email");
                    SmtpServer.Mail mail = awaitMail(email);
                    String link = checkEmail(mail, "verify-email-email");
                    assertThat(mail.subject()).isEqualTo("Verify your email for Flowise");
                    browser.open(link);
                }
                case "login-login-update-profile" -> {
                    look.check("update-profile");
                    browser.tabToId("firstName");
                    browser.retype("Ada");
                    browser.tabToId("lastName");
                    browser.retype("Lovelace", Keys.ENTER);
                }
                case "login-login-config-totp" -> {
                    look.check("configure-otp");
                    browser.tabToId("mode-manual");
                    browser.press(Keys.ENTER);
                    browser.await(d -> !d.findElements(By.id("kc-totp-secret-key")).isEmpty(), "the OTP key as text");
                    look.check("configure-otp-manual");
                    otpKey = browser.text("#kc-totp-secret-key");
                    browser.tabToId("totp");
                    browser.press(Totp.fromDisplayedKey(otpKey, System.currentTimeMillis() / 1000));
                    browser.tabToId("userLabel");
                    browser.press("Phone", Keys.ENTER);
                }
                case "login-login-update-password" -> {
                    look.check("update-password-required");
                    browser.tabToId("password-new");
                    browser.press(NEW_PASSWORD);
                    browser.tabToId("password-confirm");
                    browser.press(NEW_PASSWORD, Keys.ENTER);
                }
                default -> throw new AssertionError("unexpected page " + page + " at " + browser.url() + ": " + browser.text("body")
                        + "\nevents: " + admin.get("/admin/realms/" + REALM + "/events?user=" + userId));
            }
            browser.await(d -> !page.equals(browser.pageId()) || browser.url().startsWith(APP), "leaving " + page);
        }
        awaitBackAtTheApp();
        JsonNode user = admin.get("/admin/realms/" + REALM + "/users/" + userId);
        assertThat(user.path("requiredActions")).as("every required action done").isEmpty();
        assertThat(user.path("emailVerified").asBoolean()).isTrue();
        assertThat(user.path("firstName").asText()).isEqualTo("Ada");
        assertThat(otpKey).as("the OTP key was shown").isNotNull();

        // Signing in again asks for the one-time code.
        browser.forgetEverything();
        openLoginPage(REALM);
        typeCredentials(email, NEW_PASSWORD);
        browser.awaitPage("login-login-otp");
        look.check("otp");
        browser.tabToId("otp");
        // The next period's code: the one used while configuring may not be used twice.
        browser.press(Totp.fromDisplayedKey(otpKey, System.currentTimeMillis() / 1000 + 30), Keys.ENTER);
        awaitBackAtTheApp();
    }

    @Test
    @Order(7)
    void firstOwnerSetup_legacyCredentials_ownerForm_thenClosed() {
        String realm = freshRealm("theme-setup");
        openLoginPage(realm);
        look.check("signin-first-run");
        browser.tabTo(e -> "a".equals(e.getTagName()) && e.getText().contains("Set up your admin account"),
                "the setup link", 10);
        browser.press(Keys.ENTER);
        browser.await(d -> d.findElements(By.id("kc-flowise-legacy-form")).size() == 1, "the legacy credentials page");
        look.check("setup-legacy-credentials");

        typeLegacy(LEGACY_USER, "Not-The-Pass1");
        browser.await(d -> browser.driver().getPageSource().contains("Authentication failed"), "the refusal");
        look.check("setup-legacy-credentials-error");

        typeLegacy(LEGACY_USER, LEGACY_PASSWORD);
        browser.await(d -> d.findElements(By.id("kc-flowise-owner-form")).size() == 1, "the owner form");
        look.check("setup-owner");
        assertThat(look.everyTabStopShowsFocus("setup-owner")).containsSubsequence("#email", "#name", "#password",
                "#password-confirm", "#kc-flowise-owner-submit");
        browser.tabToId("email");
        browser.press("owner@example.com");
        browser.tabToId("name");
        browser.press("Olive Owner");
        browser.tabToId("password");
        browser.press(NEW_PASSWORD);
        browser.tabToId("password-confirm");
        browser.press(NEW_PASSWORD, Keys.ENTER);
        awaitBackAtTheApp();
        assertThat(admin.users(realm)).hasSize(1);

        // After the claim the setup link's address answers with Keycloak's error page, in our words.
        browser.forgetEverything();
        browser.open(authUrl(realm, "registrations"));
        browser.awaitPage("login-error");
        assertThat(browser.text("body")).contains("already claimed");
        look.check("setup-claimed-error");
    }

    @Test
    @Order(8)
    void setupClosedPage_whenTheRealmAlreadyHasAnOwner() {
        String realm = freshRealm("theme-closed");
        String owner = admin.createUser(realm, Map.of("username", "boss@example.com", "email", "boss@example.com",
                "enabled", true, "emailVerified", true));
        JsonNode role = admin.get("/admin/realms/" + realm + "/roles/owner");
        AdminApi.expectStatus(admin.send("POST", "/admin/realms/" + realm + "/users/" + owner + "/role-mappings/realm",
                List.of(Map.of("id", role.path("id").asText(), "name", "owner"))), 204);
        browser.open(authUrl(realm, "registrations"));
        browser.await(d -> d.findElements(By.id("flowise-setup-closed")).size() == 1, "the setup-closed page");
        assertThat(browser.text("#flowise-setup-closed")).contains("already claimed");
        look.check("setup-closed");
        browser.tabToId("flowise-back-to-login");
        browser.press(Keys.ENTER);
        browser.awaitPage("login-login");
    }

    @Test
    @Order(9)
    void theChecksFailOnKeycloaksStockTheme() {
        String realm = freshRealm("theme-stock");
        JsonNode settings = admin.get("/admin/realms/" + realm);
        ((com.fasterxml.jackson.databind.node.ObjectNode) settings).put("loginTheme", "keycloak.v2");
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + realm, settings), 204);
        openLoginPage(realm);
        Map<String, Object> stock = look.computedLook();
        assertThat(stock.get("stylesheet")).isEqualTo(Boolean.FALSE);
        assertThat(stock.get("primaryBackground")).as("keycloak.v2's primary button").isNotEqualTo(FlowiseLook.FLOWISE_BLUE);
        assertThat(stock.get("titleSize")).isNotEqualTo("36px");
        assertThatThrownBy(() -> look.check("stock-keycloak-v2-signin")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("our stylesheet");
        browser.consoleErrors();
    }

    // ---- Steps ----------------------------------------------------------------------------------

    private static String user(String email, Map<String, Object> more) {
        Map<String, Object> user = new HashMap<>(Map.of("username", email, "email", email, "enabled", true, "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        user.putAll(more);
        return admin.createUser(REALM, user);
    }

    /**
     * A fresh copy of the exported realm (no users, no owner). The Flowise settings are applied to
     * realms at start-up only, so its flowise client is pointed at the app stand-in here, as
     * APP_URL did for the realm imported at start.
     */
    private static String freshRealm(String label) {
        String realm = admin.importRealmAs(ItPaths.realmExport(), label + "-" + ProcessHandle.current().pid());
        JsonNode client = admin.get("/admin/realms/" + realm + "/clients?clientId=flowise").get(0);
        com.fasterxml.jackson.databind.node.ObjectNode changed = ((com.fasterxml.jackson.databind.node.ObjectNode) client).deepCopy();
        changed.putArray("redirectUris").add(APP + "*");
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + realm + "/clients/" + client.path("id").asText(), changed), 204);
        return realm;
    }

    private static String authUrl(String realm, String endpoint) {
        return server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/" + endpoint + "?client_id=flowise"
                + "&response_type=code&scope=openid&state=s1&code_challenge_method=S256&code_challenge=" + CHALLENGE
                + "&redirect_uri=" + enc(APP);
    }

    private static void openLoginPage(String realm) {
        browser.open(authUrl(realm, "auth"));
        browser.awaitPage("login-login");
    }

    /** On the sign-in page: focus the email field with Tab, type, Tab to the password, type, Enter. */
    private static void typeCredentials(String email, String password) {
        browser.tabToId("username");
        browser.retype(email);
        browser.tabToId("password");
        browser.press(password, Keys.ENTER);
    }

    private static void typeLegacy(String username, String password) {
        browser.tabToId("username");
        browser.retype(username);
        browser.tabToId("password");
        browser.press(password, Keys.ENTER);
    }

    /** The flow ended: Keycloak sent the browser back to the Flowise app with an authorization code. */
    private static void awaitBackAtTheApp() {
        browser.await(d -> browser.url().startsWith(APP) && browser.url().contains("code="), "the redirect to the app with a code");
    }

    /** Pages that end a flow offer at most a link onwards: reach it with Tab and follow it with Enter. */
    private static void completeWithTheKeyboardWhenThereIsALink() {
        List<WebElement> links = browser.driver().findElements(By.cssSelector(".pf-v5-c-login__main a[href]"));
        if (links.isEmpty()) {
            return;
        }
        String before = browser.url();
        String href = links.get(0).getAttribute("href");
        browser.tabTo(e -> href.equals(e.getAttribute("href")), "the link " + href, 15);
        browser.press(Keys.ENTER);
        browser.await(d -> !browser.url().equals(before), "following " + href);
    }

    private static SmtpServer.Mail awaitMail(String to) {
        return smtp.awaitMail(to, Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError("no email to " + to));
    }

    /**
     * A themed email: both parts, our markup, the action link under the server's public URL in both;
     * the HTML part is also rendered in the browser (screenshot {@code name.png}). Answers the link.
     */
    private static String checkEmail(SmtpServer.Mail mail, String name) {
        assertThat(mail.from()).contains(SENDER);
        assertThat(mail.text()).as("text part").isNotBlank();
        assertThat(mail.html()).as("HTML part").isNotBlank();
        assertThat(mail.html()).as("our email layout").contains("data-flowise-email");
        Matcher text = ACTION_LINK.matcher(mail.text());
        assertThat(text.find()).as("action link in the text part: %s", mail.text()).isTrue();
        String link = text.group(1);
        assertThat(link).startsWith(server.baseUrl() + "/realms/" + REALM + "/login-actions/action-token?key=");
        assertThat(mail.html().contains(link) || mail.html().contains(link.replace("&", "&amp;")))
                .as("the same link in the HTML part: %s", mail.html()).isTrue();
        browser.open("data:text/html;charset=utf-8;base64,"
                + java.util.Base64.getEncoder().encodeToString(mail.html().getBytes(StandardCharsets.UTF_8)));
        browser.screenshot(screenshots().resolve(name + ".png"));
        browser.consoleErrors();
        return link;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package io.github.flowisekeycloak.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.ItPaths;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.LoginBrowser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A person walking the "Set up your admin account" pages, and what the realm looks like afterwards. */
final class SetupPages {

    static final String SETUP_LINK = "#kc-registration a";
    static final String LEGACY_FORM = "#kc-flowise-legacy-form";
    static final String OWNER_FORM = "#kc-flowise-owner-form";

    private static final AtomicInteger REALMS = new AtomicInteger();

    private final KeycloakServer server;
    private final AdminApi admin;

    SetupPages(KeycloakServer server) {
        this.server = server;
        this.admin = new AdminApi(server);
    }

    AdminApi admin() {
        return admin;
    }

    /** A fresh copy of the exported product realm (no users, no owner) on this server. */
    String freshRealm(String label) {
        return admin.importRealmAs(ItPaths.realmExport(), "legacy-" + label + "-" + REALMS.incrementAndGet() + "-" + ProcessHandle.current().pid());
    }

    LoginBrowser browser(String realm) {
        return new LoginBrowser(server, realm);
    }

    /** Login page, then its "Set up your admin account" link. */
    LoginBrowser.Step openSetupFromLoginPage(LoginBrowser browser) {
        LoginBrowser.Step login = browser.openLoginPage();
        assertThat(login.html().selectFirst(SETUP_LINK)).as("setup link on the login page").isNotNull();
        assertThat(login.html().selectFirst(SETUP_LINK).text()).isEqualTo("Set up your admin account");
        return browser.get(login.link(SETUP_LINK));
    }

    static LoginBrowser.Step legacy(LoginBrowser browser, LoginBrowser.Step page, String username, String password) {
        return browser.submit(page, LEGACY_FORM, Map.of("username", username, "password", password));
    }

    static LoginBrowser.Step owner(LoginBrowser browser, LoginBrowser.Step page, String email, String name, String password) {
        return browser.submit(page, OWNER_FORM, Map.of("email", email, "name", name, "password", password,
                "password-confirm", password));
    }

    /** Login page, setup link, the right legacy pair: the address the owner form posts to. */
    String ownerFormAction(LoginBrowser person, String legacyUser, String legacyPassword) {
        LoginBrowser.Step details = legacy(person, openSetupFromLoginPage(person), legacyUser, legacyPassword);
        assertThat(showsOwnerForm(details)).as(details.text()).isTrue();
        return details.html().selectFirst(OWNER_FORM).absUrl("action");
    }

    /** What a race of owner forms ended in: each submitter's last page, and the one submitter who won. */
    record Race(List<LoginBrowser.Step> results, int winner) {
    }

    /**
     * Every browser submits its owner form (claimant {@code n}: email {@code claimants[n][0]}, password
     * {@code claimants[n][1]}) at the same moment. Exactly one must end signed in; the others must read
     * that the account is already claimed.
     */
    static Race submitOwnerFormsAtOnce(List<LoginBrowser> browsers, List<String> actions, String[][] claimants, String name)
            throws Exception {
        CyclicBarrier together = new CyclicBarrier(claimants.length);
        ExecutorService pool = Executors.newFixedThreadPool(claimants.length);
        List<Future<LoginBrowser.Step>> submitted = new ArrayList<>();
        for (int i = 0; i < claimants.length; i++) {
            int n = i;
            submitted.add(pool.submit(() -> {
                together.await(30, TimeUnit.SECONDS);
                return browsers.get(n).submitTo(actions.get(n), Map.of("email", claimants[n][0], "name", name,
                        "password", claimants[n][1], "password-confirm", claimants[n][1]));
            }));
        }
        List<LoginBrowser.Step> results = new ArrayList<>();
        for (Future<LoginBrowser.Step> f : submitted) {
            results.add(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).signedIn()) {
                winners.add(i);
            } else {
                assertThat(results.get(i).text()).contains("already claimed");
            }
        }
        assertThat(winners).as("exactly one claim wins").hasSize(1);
        return new Race(results, winners.get(0));
    }

    static boolean showsOwnerForm(LoginBrowser.Step step) {
        return !step.signedIn() && step.html().selectFirst(OWNER_FORM) != null;
    }

    static boolean showsLegacyForm(LoginBrowser.Step step) {
        return !step.signedIn() && step.html().selectFirst(LEGACY_FORM) != null;
    }

    JsonNode users(String realm) {
        return admin.users(realm);
    }

    List<String> ownerEmails(String realm) {
        List<String> emails = new ArrayList<>();
        admin.get("/admin/realms/" + realm + "/roles/owner/users").forEach(u -> emails.add(u.path("email").asText()));
        return emails;
    }

    JsonNode realm(String realm) {
        return admin.get("/admin/realms/" + realm);
    }

    /** The claim record (realm attribute), or null. */
    String claimRecord(String realm) {
        JsonNode value = realm(realm).path("attributes").get(OwnerClaim.CLAIM_ATTRIBUTE);
        return value == null ? null : value.asText();
    }

    /** Realm roles in an access token. */
    static List<String> realmRoles(JsonNode tokens) {
        List<String> roles = new ArrayList<>();
        LoginBrowser.claims(tokens.get("access_token").asText()).path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }
}

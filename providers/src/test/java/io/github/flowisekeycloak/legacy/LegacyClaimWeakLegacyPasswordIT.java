package io.github.flowisekeycloak.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.LoginBrowser;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.flowisekeycloak.legacy.SetupPages.legacy;
import static io.github.flowisekeycloak.legacy.SetupPages.owner;
import static io.github.flowisekeycloak.legacy.SetupPages.showsLegacyForm;
import static io.github.flowisekeycloak.legacy.SetupPages.showsOwnerForm;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3 with a legacy pair Flowise's password policy would refuse ({@code opsadmin} /
 * {@code weakpass}): cases 2 and 5, then case 3 (a restart with owners in place), then case 9 for
 * this server's log.
 */
@WithKeycloak(env = {"FLOWISE_USERNAME=opsadmin", "FLOWISE_PASSWORD=" + LegacyClaimWeakLegacyPasswordIT.LEGACY_PASSWORD})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyClaimWeakLegacyPasswordIT {

    static final String LEGACY_PASSWORD = "weakpass";
    static final String OWNER_PASSWORD = "N3w-Admin!pass";
    static final String WARNING = "FLOWISE_USERNAME and FLOWISE_PASSWORD are set but ignored now";

    private static KeycloakServer server;
    private static SetupPages pages;

    @BeforeAll
    static void setUp(KeycloakServer keycloak) {
        server = keycloak;
        pages = new SetupPages(server);
    }

    @Test
    @Order(1)
    void case2_aUsernameWithoutAtWorksAndNoUserWithABadEmailIsEverCreated() {
        String realm = pages.freshRealm("case2");
        LoginBrowser person = pages.browser(realm);
        LoginBrowser.Step details = legacy(person, pages.openSetupFromLoginPage(person), "opsadmin", LEGACY_PASSWORD);
        assertThat(showsOwnerForm(details)).as(details.text()).isTrue();

        for (String bad : List.of("", "opsadmin", "not-an-email", "ops@", "@example.com", "ops admin@example.com")) {
            details = owner(person, details, bad, "Ops Admin", OWNER_PASSWORD);
            assertThat(showsOwnerForm(details)).as("email '%s'", bad).isTrue();
            assertThat(details.html().selectFirst("#input-error-email")).as("email '%s' refused", bad).isNotNull();
            assertThat(pages.users(realm)).as("after email '%s'", bad).isEmpty();
        }
        // The name is required too.
        details = owner(person, details, "ops@example.com", "  ", OWNER_PASSWORD);
        assertThat(details.html().selectFirst("#input-error-name")).isNotNull();
        assertThat(pages.users(realm)).isEmpty();

        LoginBrowser.Step done = owner(person, details, "Ops@Example.com", "Ops", OWNER_PASSWORD);
        assertThat(done.signedIn()).as(done.text()).isTrue();
        JsonNode users = pages.users(realm);
        assertThat(users).hasSize(1);
        assertThat(users.get(0).path("email").asText()).isEqualTo("ops@example.com");
        assertThat(users.get(0).path("username").asText()).isEqualTo("ops@example.com");
        assertThat(pages.ownerEmails(realm)).containsExactly("ops@example.com");
    }

    @Test
    @Order(2)
    void case5_aLegacyPasswordOutsideThePolicyStillClaimsButTheNewPasswordMustMeetIt() {
        String realm = pages.freshRealm("case5");
        LoginBrowser person = pages.browser(realm);
        LoginBrowser.Step details = legacy(person, pages.openSetupFromLoginPage(person), "opsadmin", LEGACY_PASSWORD);
        assertThat(showsOwnerForm(details)).as("the legacy password is not judged by the policy").isTrue();

        for (String weak : List.of(LEGACY_PASSWORD, "Short1!", "nouppercase1!", "NoDigits!!", "NoSpecial12")) {
            details = owner(person, details, "alice@example.com", "Alice Admin", weak);
            assertThat(showsOwnerForm(details)).as(weak).isTrue();
            assertThat(details.html().selectFirst("#input-error-password")).as(weak).isNotNull();
        }
        // Mismatched confirmation.
        details = person.submit(details, SetupPages.OWNER_FORM, Map.of("email", "alice@example.com", "name", "Alice Admin",
                "password", OWNER_PASSWORD, "password-confirm", OWNER_PASSWORD + "x"));
        assertThat(details.html().selectFirst("#input-error-password-confirm")).isNotNull();
        assertThat(pages.users(realm)).isEmpty();

        LoginBrowser.Step done = owner(person, details, "alice@example.com", "Alice Admin", OWNER_PASSWORD);
        assertThat(done.signedIn()).as(done.text()).isTrue();
        assertThat(pages.ownerEmails(realm)).containsExactly("alice@example.com");
    }

    @Test
    @Order(3)
    void case3_anExistingOwnerSignsInTheLegacyPairCreatesNothingAndStartUpWarnsOnce() {
        String realm = pages.freshRealm("case3");
        String aliceId = pages.admin().createUser(realm, Map.of("username", "alice@example.com", "email", "alice@example.com",
                "firstName", "Alice", "lastName", "Admin", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", OWNER_PASSWORD, "temporary", false))));
        JsonNode owner = pages.admin().get("/admin/realms/" + realm + "/roles/owner");
        pages.admin().send("POST", "/admin/realms/" + realm + "/users/" + aliceId + "/role-mappings/realm", List.of(owner));
        assertThat(pages.ownerEmails(realm)).containsExactly("alice@example.com");

        // Before any restart the setup step already knows the realm has an owner.
        LoginBrowser early = pages.browser(realm);
        LoginBrowser.Step closed = pages.openSetupFromLoginPage(early);
        assertThat(showsLegacyForm(closed)).isFalse();
        assertThat(closed.text()).contains("already claimed");

        int mark = server.logMark();
        server.restart();
        String startLog = server.logSince(mark);
        Matcher warnings = Pattern.compile(Pattern.quote(WARNING)).matcher(startLog);
        int count = 0;
        while (warnings.find()) {
            count++;
        }
        assertThat(count).as("warnings at start-up:\n%s", startLog).isEqualTo(1);
        String warning = startLog.lines().filter(line -> line.contains(WARNING)).findFirst().orElseThrow();
        assertThat(warning).contains("'" + realm + "'").doesNotContain(LEGACY_PASSWORD);

        assertThat(new RealmLogin(server, realm).throughLoginPage("alice@example.com", OWNER_PASSWORD).signedIn()).isTrue();
        assertThat(new RealmLogin(server, realm).throughLoginPage("opsadmin", LEGACY_PASSWORD).signedIn()).isFalse();
        LoginBrowser person = pages.browser(realm);
        assertThat(person.openLoginPage().html().selectFirst(SetupPages.SETUP_LINK)).as("setup link after restart").isNull();
        LoginBrowser.Step refused = person.openRegistrationPage();
        assertThat(showsLegacyForm(refused)).isFalse();
        assertThat(refused.text()).contains("already claimed");
        JsonNode users = pages.users(realm);
        assertThat(users).hasSize(1);
        assertThat(users.get(0).path("id").asText()).isEqualTo(aliceId);
    }

    @Test
    @Order(99)
    void case9_noServerLogLineHoldsALegacyOrOwnerPassword() {
        String log = server.log();
        assertThat(log).contains("flowise-legacy-claim");
        assertThat(log).doesNotContain(LEGACY_PASSWORD).doesNotContain(OWNER_PASSWORD);
    }
}

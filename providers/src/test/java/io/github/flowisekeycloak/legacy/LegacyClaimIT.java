package io.github.flowisekeycloak.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.LoginBrowser;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;

import static io.github.flowisekeycloak.legacy.SetupPages.legacy;
import static io.github.flowisekeycloak.legacy.SetupPages.owner;
import static io.github.flowisekeycloak.legacy.SetupPages.showsLegacyForm;
import static io.github.flowisekeycloak.legacy.SetupPages.showsOwnerForm;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3 against the real server, with the legacy pair set: each case gets a fresh copy of the
 * exported realm (no users, no owner) on one shared server. Cases 1, 4, 7, 8 and (for this
 * server) 9.
 */
@WithKeycloak(env = {"FLOWISE_USERNAME=" + LegacyClaimIT.LEGACY_USER, "FLOWISE_PASSWORD=" + LegacyClaimIT.LEGACY_PASSWORD})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyClaimIT {

    static final String LEGACY_USER = "legacyops";
    static final String LEGACY_PASSWORD = "Old-Pass#77";
    static final String OWNER_PASSWORD = "N3w-Admin!pass";
    static final List<String> SECRETS = List.of(LEGACY_PASSWORD, OWNER_PASSWORD, "Rac3-One!pass", "Rac3-Two!pass");

    private static KeycloakServer server;
    private static SetupPages pages;

    @BeforeAll
    static void setUp(KeycloakServer keycloak) {
        server = keycloak;
        pages = new SetupPages(server);
    }

    @Test
    @Order(1)
    void case1_theHolderOfTheLegacyPairSetsUpTheOwnerAndIsSignedIn() {
        String realm = pages.freshRealm("case1");
        pages.admin().enableEvents(realm);
        assertThat(pages.users(realm)).isEmpty();
        LoginBrowser person = pages.browser(realm);

        LoginBrowser.Step setup = pages.openSetupFromLoginPage(person);
        assertThat(showsLegacyForm(setup)).as(setup.text()).isTrue();
        assertThat(setup.text()).contains("FLOWISE_USERNAME", "FLOWISE_PASSWORD");
        LoginBrowser.Step details = legacy(person, setup, LEGACY_USER, LEGACY_PASSWORD);
        assertThat(showsOwnerForm(details)).as(details.text()).isTrue();
        assertThat(pages.users(realm)).as("nothing is stored before the claim").isEmpty();

        LoginBrowser.Step done = owner(person, details, "alice@example.com", "Alice Admin", OWNER_PASSWORD);
        assertThat(done.signedIn()).as(done.text()).isTrue();
        assertThat(LoginBrowser.claims(done.tokens().get("access_token").asText()).path("email").asText()).isEqualTo("alice@example.com");
        assertThat(SetupPages.realmRoles(done.tokens())).contains("owner");

        JsonNode users = pages.users(realm);
        assertThat(users).hasSize(1);
        JsonNode alice = users.get(0);
        assertThat(alice.path("username").asText()).isEqualTo("alice@example.com");
        assertThat(alice.path("email").asText()).isEqualTo("alice@example.com");
        assertThat(alice.path("firstName").asText() + " " + alice.path("lastName").asText()).isEqualTo("Alice Admin");
        assertThat(alice.path("enabled").asBoolean()).isTrue();
        assertThat(alice.has("federationLink")).as("a local user").isFalse();
        assertThat(pages.ownerEmails(realm)).containsExactly("alice@example.com");
        assertThat(pages.claimRecord(realm)).isEqualTo(alice.path("id").asText());
        assertThat(server.database().passwordSecretData(realm, "alice@example.com")).hasValueSatisfying(
                secret -> assertThat(Json.read(secret).get("value").asText()).startsWith("$2a$10$"));

        // Alice signs in normally from now on; the legacy pair is no account anywhere.
        assertThat(new RealmLogin(server, realm).throughLoginPage("alice@example.com", OWNER_PASSWORD).signedIn()).isTrue();
        assertThat(new RealmLogin(server, realm).throughLoginPage(LEGACY_USER, LEGACY_PASSWORD).signedIn()).isFalse();

        // A second claim, with the right pair: no setup link any more, and its stable URL refuses.
        LoginBrowser second = pages.browser(realm);
        LoginBrowser.Step login = second.openLoginPage();
        assertThat(login.html().selectFirst(SetupPages.SETUP_LINK)).isNull();
        LoginBrowser.Step refused = second.openRegistrationPage();
        assertThat(showsLegacyForm(refused)).isFalse();
        assertThat(refused.text()).contains("already claimed");
        assertThat(pages.users(realm)).hasSize(1);

        // One event per step, none carrying a password.
        JsonNode events = pages.admin().get("/admin/realms/" + realm + "/events?max=100");
        assertThat(Json.write(events)).doesNotContain(LEGACY_PASSWORD).doesNotContain(OWNER_PASSWORD);
        assertThat(eventsOf(events, "CUSTOM_REQUIRED_ACTION", "legacy-credentials")).as("events: %s", events).hasSize(1);
        List<JsonNode> registered = new ArrayList<>();
        events.forEach(e -> {
            if (e.path("type").asText().equals("REGISTER")) {
                registered.add(e);
            }
        });
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).path("userId").asText()).isEqualTo(alice.path("id").asText());
        assertThat(registered.get(0).at("/details/register_method").asText()).isEqualTo("flowise-legacy-claim");
    }

    @Test
    @Order(2)
    void case4_guessingIsLockedOutAfterTheConfiguredCountAndTheRightPairThenToo() {
        String realm = pages.freshRealm("case4");
        pages.admin().enableEvents(realm);
        int maxFailures = pages.admin().get("/admin/realms/" + realm + "/authentication/config/"
                + configId(realm)).path("config").path("maxFailures").asInt();
        assertThat(maxFailures).isEqualTo(5);
        LoginBrowser guesser = pages.browser(realm);
        LoginBrowser.Step page = pages.openSetupFromLoginPage(guesser);
        for (int i = 1; i <= 20; i++) {
            page = legacy(guesser, page, LEGACY_USER, "Guess-" + i);
            assertThat(showsOwnerForm(page)).isFalse();
            assertThat(page.text()).as("attempt %d", i)
                    .contains(i < maxFailures ? "Authentication failed" : "Too many failed attempts");
        }
        // The right pair during the lockout is refused too, from this browser and from another one.
        page = legacy(guesser, page, LEGACY_USER, LEGACY_PASSWORD);
        assertThat(showsOwnerForm(page)).isFalse();
        assertThat(page.text()).contains("Too many failed attempts");
        LoginBrowser other = pages.browser(realm);
        LoginBrowser.Step otherPage = legacy(other, pages.openSetupFromLoginPage(other), LEGACY_USER, LEGACY_PASSWORD);
        assertThat(showsOwnerForm(otherPage)).isFalse();
        assertThat(otherPage.text()).contains("Too many failed attempts");
        assertThat(pages.users(realm)).isEmpty();

        JsonNode events = pages.admin().get("/admin/realms/" + realm + "/events?type=LOGIN_ERROR&max=100");
        assertThat(eventsOf(events, "LOGIN_ERROR", "legacy-credentials")).hasSize(22);
        assertThat(errors(events, "invalid_user_credentials")).isEqualTo(maxFailures);
        assertThat(errors(events, "user_temporarily_disabled")).isEqualTo(22 - maxFailures);
        assertThat(Json.write(events)).doesNotContain(LEGACY_PASSWORD).doesNotContain("Guess-1");
    }

    @Test
    @Order(3)
    void case7_aWrongLegacyPairCreatesNothing() {
        String realm = pages.freshRealm("case7");
        JsonNode before = pages.realm(realm);
        List<String[]> wrong = List.of(
                new String[] {LEGACY_USER, "Old-Pass#78"},
                new String[] {"legacyop", LEGACY_PASSWORD},
                new String[] {LEGACY_PASSWORD, LEGACY_USER},
                new String[] {"", ""});
        for (String[] pair : wrong) {
            LoginBrowser person = pages.browser(realm);
            LoginBrowser.Step page = legacy(person, pages.openSetupFromLoginPage(person), pair[0], pair[1]);
            assertThat(showsOwnerForm(page)).isFalse();
            assertThat(page.text()).contains("Authentication failed");
        }
        assertThat(pages.users(realm)).isEmpty();
        assertThat(pages.ownerEmails(realm)).isEmpty();
        assertThat(pages.claimRecord(realm)).isNull();
        JsonNode after = pages.realm(realm);
        assertThat(after.path("registrationAllowed").asBoolean()).isTrue();
        assertThat(after.path("attributes")).isEqualTo(before.path("attributes"));
    }

    @Test
    @Order(4)
    void case8_twoClaimsAtOnceMakeExactlyOneOwner() throws Exception {
        String realm = pages.freshRealm("case8");
        pages.admin().createDirectGrantClient(realm, "it-direct-grant");
        String[][] claimants = {{"race-one@example.com", "Rac3-One!pass"}, {"race-two@example.com", "Rac3-Two!pass"}};
        List<LoginBrowser> browsers = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (String[] ignored : claimants) {
            LoginBrowser person = pages.browser(realm);
            browsers.add(person);
            actions.add(pages.ownerFormAction(person, LEGACY_USER, LEGACY_PASSWORD));
        }
        SetupPages.Race race = SetupPages.submitOwnerFormsAtOnce(browsers, actions, claimants, "Racer");
        int winner = race.winner();
        int loser = 1 - winner;
        assertThat(SetupPages.realmRoles(race.results().get(winner).tokens())).contains("owner");

        assertThat(pages.ownerEmails(realm)).containsExactly(claimants[winner][0]);
        assertThat(pages.users(realm)).hasSize(1);
        RealmLogin login = new RealmLogin(server, realm);
        assertThat(login.passwordGrant("it-direct-grant", claimants[winner][0], claimants[winner][1]).statusCode()).isEqualTo(200);
        assertThat(login.passwordGrant("it-direct-grant", claimants[winner][0], claimants[loser][1]).statusCode()).isEqualTo(RealmLogin.refusedGrantStatus());
    }

    @Test
    @Order(99)
    void case9_noServerLogLineHoldsALegacyOrOwnerPassword() {
        String log = server.log();
        assertThat(log).contains("flowise-legacy-claim");
        for (String secret : SECRETS) {
            assertThat(log).as("server log").doesNotContain(secret);
        }
    }

    private String configId(String realm) {
        JsonNode executions = pages.admin().get("/admin/realms/" + realm + "/authentication/flows/"
                + "flowise%20owner%20setup" + "/executions");
        return executions.get(0).path("authenticationConfig").asText();
    }

    static List<JsonNode> eventsOf(JsonNode events, String type, String step) {
        List<JsonNode> found = new ArrayList<>();
        events.forEach(e -> {
            if (e.path("type").asText().equals(type) && step.equals(e.at("/details/" + LegacyClaimAuthenticator.DETAIL_STEP).asText())) {
                found.add(e);
            }
        });
        return found;
    }

    static long errors(JsonNode events, String error) {
        List<JsonNode> found = new ArrayList<>();
        events.forEach(e -> {
            if (error.equals(e.path("error").asText())) {
                found.add(e);
            }
        });
        return found.size();
    }
}

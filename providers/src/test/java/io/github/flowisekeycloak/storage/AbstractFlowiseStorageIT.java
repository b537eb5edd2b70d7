package io.github.flowisekeycloak.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.RealmLogin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's cases against one Flowise database, through the real Keycloak: a component added with
 * the admin API, people signing in through the login page and the token endpoint. One subclass per
 * database; all share the default Keycloak server (components are added and removed per class).
 * The outage comes last: it drops (or overwrites) the Flowise database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractFlowiseStorageIT {

    static final String REALM = "flowise";
    static final String DIRECT = "it-direct-grant";
    static final String HORSE = "Corr3ct-Horse!";
    static final String HORSE_10 = "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6";
    static final String WEAK = "Weakpass1";
    static final String WEAK_5 = "$2a$05$X1v.5ABODSBpnpvCtZwCee4tvSJDmnyP0H1jb3xNZq1QmlBHWQ28y";

    KeycloakServer server;
    AdminApi admin;
    RealmLogin login;
    FlowiseDb db;
    FlowiseComponents components;
    String componentId;
    String componentName;
    final Map<String, String> ids = new LinkedHashMap<>();

    /** A fresh Flowise database of this class's kind, schema loaded. */
    abstract FlowiseDb newDatabase() throws Exception;

    /** The email domain of this class's Flowise users, so the classes sharing a server never meet. */
    abstract String domain();

    /** alice@example.com as issue 4 names her; everyone else prefixed, clear of other tests' users on the shared server. */
    String email(String local) {
        return (local.equals("alice") ? local : "fw-" + local) + "@" + domain();
    }

    @BeforeAll
    void setUp(KeycloakServer keycloak) throws Exception {
        server = keycloak;
        admin = new AdminApi(server);
        login = new RealmLogin(server, REALM);
        components = new FlowiseComponents(admin, REALM);
        admin.createDirectGrantClient(REALM, DIRECT);
        db = newDatabase();
        Map<String, String> aliceWorkspaces = new LinkedHashMap<>();
        aliceWorkspaces.put(db.defaultWorkspaceId, null);
        aliceWorkspaces.put(db.otherWorkspaceId, "2026-01-02 10:00:00");
        ids.put("alice", db.addUser(email("alice"), "Alice Liddell", HORSE_10, "active", true, aliceWorkspaces));
        ids.put("bob", db.addUser(email("bob"), email("bob"), HORSE_10, "active", false,
                Map.of(db.defaultWorkspaceId, "2026-01-01 09:00:00")));
        ids.put("mixed", db.addUser("Fw-Mixed.Case@" + upperFirst(domain()), "Mixed Case", HORSE_10, "active", false, Map.of()));
        ids.put("wrong", db.addUser(email("wrong"), "Wrong Password", HORSE_10, "active", false, Map.of()));
        ids.put("weak", db.addUser(email("weak"), "Weak Password", WEAK_5, "active", false, Map.of()));
        ids.put("unverified", db.addUser(email("unverified"), "Not Verified", HORSE_10, "unverified", false, Map.of()));
        ids.put("invited", db.addUser(email("invited"), "Invited", null, "invited", false, Map.of()));
        ids.put("deleted", db.addUser(email("deleted"), "Deleted", HORSE_10, "deleted", false, Map.of()));
        ids.put("axb", db.addUser(email("axb"), "Axb", HORSE_10, "active", false, Map.of()));
        ids.put("a_b", db.addUser(email("a_b"), "A B", WEAK_5, "active", false, Map.of()));
        ids.put("p100", db.addUser(email("p100"), "P Hundred", HORSE_10, "active", false, Map.of()));
        ids.put("never", db.addUser(email("never"), "Never Signs In", HORSE_10, "active", false, Map.of()));
        Map<String, String> syncOwnerWorkspaces = new LinkedHashMap<>();
        syncOwnerWorkspaces.put(db.defaultWorkspaceId, "2026-03-01 08:00:00");
        syncOwnerWorkspaces.put(db.otherWorkspaceId, "2026-03-02 08:00:00");
        ids.put("sync-owner", db.addUser(email("sync-owner"), "Sync Owner", HORSE_10, "active", true, syncOwnerWorkspaces));
        Map<String, String> syncMemberWorkspaces = new LinkedHashMap<>();
        syncMemberWorkspaces.put(db.defaultWorkspaceId, "2026-03-05 08:00:00");
        syncMemberWorkspaces.put(db.otherWorkspaceId, null);
        ids.put("sync-member", db.addUser(email("sync-member"), "Sync Member", HORSE_10, "active", false, syncMemberWorkspaces));
        componentName = "flowise-" + db.type() + "-it";
        componentId = components.add(componentName, db.componentConfig());
    }

    @AfterAll
    void tearDown() throws Exception {
        if (componentId != null) {
            components.remove(componentId);
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(1)
    void case1_firstLoginThroughTheLoginPageMigratesAlice() {
        RealmLogin.PageResult page = login.throughLoginPage(email("alice"), HORSE);
        assertThat(page.signedIn()).as("login page: %s", page.errorMessage()).isTrue();

        JsonNode alice = onlyUser(email("alice"));
        assertThat(alice.get("id").asText()).isEqualTo(ids.get("alice"));
        assertThat(alice.get("username").asText()).isEqualTo(email("alice"));
        assertThat(alice.get("email").asText()).isEqualTo(email("alice"));
        assertThat(alice.get("emailVerified").asBoolean()).isTrue();
        assertThat(alice.get("enabled").asBoolean()).isTrue();
        assertThat(alice.get("firstName").asText()).isEqualTo("Alice");
        assertThat(alice.get("lastName").asText()).isEqualTo("Liddell");
        assertThat(alice.has("federationLink")).as("federation link cut: %s", alice).isFalse();
        assertThat(alice.at("/attributes/flowise_id/0").asText()).isEqualTo(ids.get("alice"));
        assertThat(alice.at("/attributes/flowise_workspace_id/0").asText())
                .as("the workspace with the latest lastLogin").isEqualTo(db.otherWorkspaceId);
        assertThat(realmRoles(alice)).contains("owner").doesNotContain("member");

        JsonNode credentials = admin.get("/admin/realms/" + REALM + "/users/" + alice.get("id").asText() + "/credentials");
        assertThat(credentials).hasSize(1);
        JsonNode data = io.github.flowisekeycloak.testing.Json.read(credentials.get(0).get("credentialData").asText());
        assertThat(data.get("algorithm").asText()).isEqualTo("bcrypt");
        assertThat(data.get("hashIterations").asInt()).isEqualTo(10);
        assertThat(server.database().passwordSecretData(REALM, email("alice")))
                .hasValueSatisfying(secret -> assertThat(secret).contains(HORSE_10));

        assertThat(login.passwordGrant(DIRECT, email("alice"), HORSE).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void case1_firstLoginThroughTheTokenEndpointMigratesBob() {
        HttpResponse<String> grant = login.passwordGrant(DIRECT, email("bob"), HORSE);
        assertThat(grant.statusCode()).as(grant.body()).isEqualTo(200);
        JsonNode bob = onlyUser(email("bob"));
        assertThat(bob.has("federationLink")).isFalse();
        assertThat(bob.has("firstName")).as("Flowise's name was the email: no person's name").isFalse();
        assertThat(bob.at("/attributes/flowise_workspace_id/0").asText()).isEqualTo(db.defaultWorkspaceId);
        assertThat(realmRoles(bob)).contains("member").doesNotContain("owner");
        assertThat(login.throughLoginPage(email("bob"), HORSE).signedIn()).isTrue();
    }

    @Test
    @Order(3)
    void case2_storedMixedCaseSignsInTypedInAnotherCaseAsOneUser() {
        String typed = "fw-mixed.case@" + domain().toUpperCase();
        assertThat(login.throughLoginPage(typed, HORSE).signedIn()).isTrue();
        assertThat(login.passwordGrant(DIRECT, "FW-MIXED.case@" + domain(), HORSE).statusCode()).isEqualTo(200);
        JsonNode user = onlyUser("fw-mixed.case@" + domain());
        assertThat(user.get("username").asText()).isEqualTo("fw-mixed.case@" + domain());
        assertThat(user.get("id").asText()).isEqualTo(ids.get("mixed"));
    }

    @Test
    @Order(4)
    void case3_aWrongPasswordCreatesNothing() throws InterruptedException {
        RealmLogin.PageResult page = login.throughLoginPage(email("wrong"), "Corr3ct-Horse?");
        assertThat(page.signedIn()).isFalse();
        assertThat(page.errorMessage()).containsIgnoringCase("invalid");
        assertNoUserEventually(email("wrong"));
        Thread.sleep(1500); // two failures within a second would trip Keycloak's quick-login lockout
        assertThat(login.passwordGrant(DIRECT, email("wrong"), "not-it").statusCode()).isEqualTo(RealmLogin.refusedGrantStatus());
        assertNoUserEventually(email("wrong"));
        Thread.sleep(1500);

        // The right password afterwards still migrates (nothing half-made stands in the way).
        assertThat(login.passwordGrant(DIRECT, email("wrong"), HORSE).statusCode()).isEqualTo(200);
        assertThat(onlyUser(email("wrong")).has("federationLink")).isFalse();
    }

    @Test
    @Order(5)
    void case4_aPasswordBelowTodaysPolicyStillSignsIn() {
        RealmLogin.PageResult page = login.throughLoginPage(email("weak"), WEAK);
        assertThat(page.signedIn()).as("login page: %s / %s", page.errorMessage(), page.lastPage()).isTrue();
        // Local from now on; our bcrypt provider raises the cost from 5 on this login.
        assertThat(login.passwordGrant(DIRECT, email("weak"), WEAK).statusCode()).isEqualTo(200);
        assertThat(login.throughLoginPage(email("weak"), WEAK).signedIn()).isTrue();
    }

    @Test
    @Order(6)
    void case5_unverifiedInvitedAndDeletedNeverBecomeEnabledUsers() throws InterruptedException {
        RealmLogin.PageResult unverified = login.throughLoginPage(email("unverified"), HORSE);
        assertThat(unverified.signedIn()).isFalse();
        assertThat(unverified.errorMessage()).as("a clear message after the right password").containsIgnoringCase("disabled");
        HttpResponse<String> grant = login.passwordGrant(DIRECT, email("unverified"), HORSE);
        assertThat(grant.statusCode()).isEqualTo(400);
        assertThat(grant.body()).containsIgnoringCase("disabled");
        RealmLogin.PageResult unverifiedWrong = login.throughLoginPage(email("unverified"), "Corr3ct-Horse?");
        assertThat(unverifiedWrong.errorMessage()).containsIgnoringCase("invalid");

        for (String who : new String[]{"invited", "deleted"}) {
            RealmLogin.PageResult page = login.throughLoginPage(email(who), HORSE);
            assertThat(page.signedIn()).isFalse();
            assertThat(page.errorMessage()).as(who).containsIgnoringCase("invalid username or password");
            assertThat(login.passwordGrant(DIRECT, email(who), HORSE).statusCode()).isEqualTo(RealmLogin.refusedGrantStatus());
        }
        for (String who : new String[]{"unverified", "invited", "deleted"}) {
            assertNoUserEventually(email(who));
        }
    }

    @Test
    @Order(7)
    void case6_underscoreAndPercentAreNotWildcards() {
        assertThat(login.throughLoginPage(email("a_b"), HORSE).signedIn()).as("a_b must not reach axb's row").isFalse();
        assertThat(login.passwordGrant(DIRECT, email("p%"), HORSE).statusCode()).as("p% must not reach p100").isEqualTo(RealmLogin.refusedGrantStatus());
        assertThat(login.passwordGrant(DIRECT, email("a%"), HORSE).statusCode()).isEqualTo(RealmLogin.refusedGrantStatus());
        assertThat(admin.get("/admin/realms/" + REALM + "/users?exact=true&email=" + enc(email("axb")))).isEmpty();
        assertThat(admin.get("/admin/realms/" + REALM + "/users?exact=true&email=" + enc(email("p100")))).isEmpty();

        assertThat(login.passwordGrant(DIRECT, email("a_b"), WEAK).statusCode()).isEqualTo(200);
        assertThat(onlyUser(email("a_b")).get("id").asText()).isEqualTo(ids.get("a_b"));
        assertThat(login.passwordGrant(DIRECT, email("axb"), HORSE).statusCode()).isEqualTo(200);
        assertThat(onlyUser(email("axb")).get("id").asText()).isEqualTo(ids.get("axb"));
    }

    @Test
    @Order(8)
    void savingTheFormTestsTheConnectionAndSaysWhatIsWrong() {
        Map<String, String> wrong = new LinkedHashMap<>(db.componentConfig());
        wrong.put("databaseName", "no_such_flowise_db");
        wrong.put("databasePath", "/nonexistent/flowise");
        HttpResponse<String> refused = components.tryAdd("flowise-wrong", wrong);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("Flowise");

        Map<String, String> badType = new LinkedHashMap<>(db.componentConfig());
        badType.put("databaseType", "oracle");
        HttpResponse<String> refusedType = components.tryAdd("flowise-oracle", badType);
        assertThat(refusedType.statusCode()).isEqualTo(400);
        assertThat(refusedType.body()).contains("oracle");
    }

    /**
     * The bulk import reads every row with one query of its own (FlowiseUserDirectory.SELECT_ALL):
     * on each database it must pick the role and workspace a login picks, and skip whom a login refuses.
     */
    @Test
    @Order(9)
    void case7_syncAllUsersOnThisDatabaseChoosesRoleAndWorkspaceAsALoginDoes() throws InterruptedException {
        JsonNode first = components.syncAll(componentId);
        assertThat(first.get("failed").asInt()).as(first.toString()).isZero();
        assertThat(first.get("added").asInt()).as("the active users no earlier case signed in: never, p100, sync-owner, sync-member: %s", first)
                .isEqualTo(4);

        JsonNode owner = onlyUser(email("sync-owner"));
        assertThat(owner.get("id").asText()).isEqualTo(ids.get("sync-owner"));
        assertThat(owner.has("federationLink")).isFalse();
        assertThat(owner.at("/attributes/flowise_workspace_id/0").asText()).as("the latest lastLogin").isEqualTo(db.otherWorkspaceId);
        assertThat(realmRoles(owner)).contains("owner").doesNotContain("member");

        JsonNode member = onlyUser(email("sync-member"));
        assertThat(member.at("/attributes/flowise_workspace_id/0").asText()).as("a null lastLogin comes last").isEqualTo(db.defaultWorkspaceId);
        assertThat(realmRoles(member)).contains("member").doesNotContain("owner");

        JsonNode never = onlyUser(email("never"));
        assertThat(never.get("firstName").asText()).isEqualTo("Never");
        assertThat(never.at("/attributes/flowise_workspace_id")).as("no workspace membership: %s", never).isEmpty();
        for (String who : new String[]{"unverified", "invited", "deleted"}) {
            assertNoUserEventually(email(who));
        }

        JsonNode second = components.syncAll(componentId);
        assertThat(second.get("added").asInt()).as(second.toString()).isZero();
        assertThat(second.get("failed").asInt()).isZero();
        assertThat(login.passwordGrant(DIRECT, email("sync-owner"), HORSE).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(10)
    void case1_withFlowisesDatabaseGoneMigratedAndLocalUsersStillSignIn() throws Exception {
        admin.createUser(REALM, AdminApi.userWithHash(email("local"), "bcrypt", 10, HORSE_10));
        // Someone added to Flowise after the last import: only Flowise's database knows them.
        db.addUser(email("late"), "Late Comer", HORSE_10, "active", false, Map.of());
        int mark = server.logMark();
        db.breakIt();

        assertThat(login.throughLoginPage(email("alice"), HORSE).signedIn()).isTrue();
        assertThat(login.passwordGrant(DIRECT, email("alice"), HORSE).statusCode()).isEqualTo(200);
        assertThat(login.passwordGrant(DIRECT, email("local"), HORSE).statusCode()).isEqualTo(200);

        assertThat(login.passwordGrant(DIRECT, email("never"), HORSE).statusCode()).as("migrated by the import").isEqualTo(200);

        RealmLogin.PageResult late = login.throughLoginPage(email("late"), HORSE);
        assertThat(late.signedIn()).isFalse();
        assertThat(late.errorMessage()).containsIgnoringCase("invalid");
        assertThat(login.passwordGrant(DIRECT, email("late"), HORSE).statusCode()).isEqualTo(RealmLogin.refusedGrantStatus());

        String log = server.logSince(mark);
        Matcher warnings = Pattern.compile("Flowise user storage '" + Pattern.quote(componentName) + "': lookup by email failed")
                .matcher(log);
        int count = 0;
        while (warnings.find()) {
            count++;
        }
        assertThat(count).as("one warning per interval:\n%s", log).isEqualTo(1);
        assertThat(log).as("no stack traces").doesNotContain("\tat ");
    }

    // --- helpers ---------------------------------------------------------------------------------

    JsonNode onlyUser(String email) {
        JsonNode found = admin.get("/admin/realms/" + REALM + "/users?exact=true&email=" + enc(email));
        assertThat(found).as("users with email %s", email).hasSize(1);
        return admin.get("/admin/realms/" + REALM + "/users/" + found.get(0).get("id").asText());
    }

    java.util.List<String> realmRoles(JsonNode user) {
        JsonNode roles = admin.get("/admin/realms/" + REALM + "/users/" + user.get("id").asText() + "/role-mappings/realm");
        java.util.List<String> names = new java.util.ArrayList<>();
        roles.forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    void assertNoUserEventually(String email) throws InterruptedException {
        JsonNode found = null;
        for (int i = 0; i < 50; i++) {
            found = admin.get("/admin/realms/" + REALM + "/users?exact=true&email=" + enc(email));
            if (found.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(found).as("no Keycloak user for %s", email).isEmpty();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String upperFirst(String domain) {
        StringBuilder sb = new StringBuilder();
        for (String part : domain.split("\\.")) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }
}

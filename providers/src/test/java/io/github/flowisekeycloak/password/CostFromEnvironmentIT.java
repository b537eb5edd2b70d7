package io.github.flowisekeycloak.password;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code PASSWORD_SALT_HASH_ROUNDS} sets the cost of new hashes, unless the realm policy names one. */
@WithKeycloak(env = "PASSWORD_SALT_HASH_ROUNDS=12")
class CostFromEnvironmentIT {

    static final String REALM = "flowise";
    static final String DIRECT = "it-direct-grant";
    static final String HORSE_10 = "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6";

    private static KeycloakServer server;
    private static AdminApi admin;
    private static RealmLogin login;

    @BeforeAll
    static void setUp(KeycloakServer keycloak) {
        server = keycloak;
        admin = new AdminApi(server);
        login = new RealmLogin(server, REALM);
        admin.createDirectGrantClient(REALM, DIRECT);
    }

    @Test
    void passwordSetByAnAdminIsHashedAtTheConfiguredCost() {
        String id = admin.createUser(REALM, Map.of("username", "env-cost@example.com", "email", "env-cost@example.com", "enabled", true));
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM + "/users/" + id + "/reset-password",
                Map.of("type", "password", "value", "N3w-Pass!word", "temporary", false)), 204);
        assertThat(storedHash("env-cost@example.com")).startsWith("$2a$12$");
        assertThat(login.passwordGrant(DIRECT, "env-cost@example.com", "N3w-Pass!word").statusCode()).isEqualTo(200);
    }

    @Test
    void flowiseCost10HashIsRaisedTo12OnLogin() {
        admin.createUser(REALM, AdminApi.userWithHash("raise@example.com", "bcrypt", 10, HORSE_10));
        assertThat(login.throughLoginPage("raise@example.com", "Corr3ct-Horse!").signedIn()).isTrue();
        assertThat(storedHash("raise@example.com")).startsWith("$2a$12$");
        assertThat(login.passwordGrant(DIRECT, "raise@example.com", "Corr3ct-Horse!").statusCode()).isEqualTo(200);
    }

    @Test
    void realmPolicyCostWinsOverTheEnvironment() {
        JsonNode realm = admin.get("/admin/realms/" + REALM);
        String original = realm.get("passwordPolicy").asText();
        try {
            AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM,
                    Map.of("passwordPolicy", original + " and hashIterations(11)")), 204);
            admin.createUser(REALM, Map.of("username", "policy-cost@example.com", "email", "policy-cost@example.com", "enabled", true,
                    "credentials", List.of(Map.of("type", "password", "value", "Fl0wise-Pass!", "temporary", false))));
            assertThat(storedHash("policy-cost@example.com")).startsWith("$2a$11$");
        } finally {
            AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + REALM, Map.of("passwordPolicy", original)), 204);
        }
    }

    @Test
    void serverInfoNamesTheVariable() {
        JsonNode bcrypt = admin.get("/admin/serverinfo").at("/providers/password-hashing/providers/bcrypt/operationalInfo");
        assertThat(bcrypt.get("default-cost").asText()).isEqualTo("12");
        assertThat(bcrypt.get("default-cost-source").asText()).isEqualTo("PASSWORD_SALT_HASH_ROUNDS");
    }

    private static String storedHash(String username) {
        return Json.read(server.database().passwordSecretData(REALM, username).orElseThrow()).get("value").asText();
    }
}

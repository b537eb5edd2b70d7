package io.github.flowisekeycloak.password;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flowise's bcrypt hashes, imported into the exported realm through the admin REST API and through
 * realm JSON (partial import), signing in through the real login page and the token endpoint.
 */
@WithKeycloak
class BcryptLoginIT {

    static final String REALM = "flowise";
    static final String DIRECT = "it-direct-grant";

    /** A password, the bcryptjs hash of it, and a near miss that must not match. */
    record Case(String label, String password, String hash, String nearMiss) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final String HORSE = "Corr3ct-Horse!";
    static final String HORSE_5 = "$2a$05$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbm";
    static final String BYTES_72 = "Aa1!" + "x".repeat(68);
    static final String GRUESSE_NFC = Normalizer.normalize("Grüße-Pass1!", Normalizer.Form.NFC);

    static final List<Case> CASES = List.of(
            new Case("2a-cost5", HORSE, HORSE_5, "Corr3ct-Horse?"),
            new Case("2b-cost5", HORSE, "$2b$" + HORSE_5.substring(4), "corr3ct-Horse!"),
            new Case("2y-cost5", HORSE, "$2y$" + HORSE_5.substring(4), "Corr3ct-Horse"),
            new Case("2a-cost10", HORSE, "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6", "Corr3ct-Horse!!"),
            new Case("72-bytes", BYTES_72, "$2a$05$6lT4g/5dGLuxKnlwlHwxV.oNP83jmX9X5jpHtohfiQv.qmPXoh19W", BYTES_72.substring(0, 71)),
            new Case("100-chars", BYTES_72 + "Y".repeat(28), "$2a$05$NKAfg8eSAiTE80g2xwvXJeM1IYDxh.fKZmh4f3gB39l37zE9FHk82",
                    "Aa1!" + "x".repeat(67) + "Y" + "Y".repeat(28)),
            new Case("74-utf8-bytes", "Ää1!" + "ü".repeat(34), "$2a$05$xKUXdScX9ytIEY1jIBuhMe8fmmkPA469kcqhT4ynBFcCSoJRDfOQq",
                    "Ää1!" + "ü".repeat(32)),
            new Case("nfc-not-nfd", GRUESSE_NFC, "$2a$05$5pfOx8g8Y4jyrlaPQ0xjU.fy2310o/d09Kp86wLi8F9DaXqzpE/5.",
                    Normalizer.normalize(GRUESSE_NFC, Normalizer.Form.NFD)));

    private static KeycloakServer server;
    private static AdminApi admin;
    private static RealmLogin login;

    @BeforeAll
    static void importFlowiseHashes(KeycloakServer keycloak) {
        server = keycloak;
        admin = new AdminApi(server);
        login = new RealmLogin(server, REALM);
        admin.createDirectGrantClient(REALM, DIRECT);
        List<Map<String, Object>> viaRealmJson = new ArrayList<>();
        for (Case c : CASES) {
            admin.createUser(REALM, AdminApi.userWithHash(email("rest", c), "bcrypt", 10, c.hash()));
            viaRealmJson.add(AdminApi.userWithHash(email("json", c), "bcrypt", 10, c.hash()));
        }
        JsonNode result = admin.partialImport(REALM, Map.of("ifResourceExists", "FAIL", "users", viaRealmJson));
        assertThat(result.get("added").asInt()).isEqualTo(CASES.size());
    }

    static String email(String via, Case c) {
        return via + "-" + c.label() + "@example.com";
    }

    static Stream<Arguments> importedUsers() {
        return CASES.stream().flatMap(c -> Stream.of(Arguments.of("rest", c), Arguments.of("json", c)));
    }

    @ParameterizedTest(name = "{1} imported via {0}")
    @MethodSource("importedUsers")
    void flowiseHashSignsInThroughLoginPageAndTokenEndpoint(String via, Case c) {
        String user = email(via, c);
        RealmLogin.PageResult page = login.throughLoginPage(user, c.password());
        assertThat(page.signedIn()).as("login page for %s: %s", user, page.errorMessage()).isTrue();
        assertThat(page.tokens().get("access_token").asText()).isNotBlank();

        assertThat(login.passwordGrant(DIRECT, user, c.password()).statusCode()).isEqualTo(200);

        // Wrong passwords last: two quick failures trip Keycloak's quick-login lockout for this user.
        RealmLogin.PageResult wrong = login.throughLoginPage(user, c.nearMiss());
        assertThat(wrong.signedIn()).isFalse();
        assertThat(wrong.errorMessage()).containsIgnoringCase("invalid");
        assertThat(login.passwordGrant(DIRECT, user, c.nearMiss()).statusCode()).isEqualTo(RealmLogin.refusedGrantStatus());
    }

    @Test
    void the72BytePrefixAloneMatchesTheHundredCharacterHash() {
        Case hundred = CASES.stream().filter(c -> c.label().equals("100-chars")).findFirst().orElseThrow();
        admin.createUser(REALM, AdminApi.userWithHash("prefix-only@example.com", "bcrypt", 5, hundred.hash()));
        assertThat(login.passwordGrant(DIRECT, "prefix-only@example.com", BYTES_72).statusCode()).isEqualTo(200);
        assertThat(login.throughLoginPage("prefix-only@example.com", BYTES_72).signedIn()).isTrue();
    }

    @Test
    void lowerCostIsRehashedToThePolicyCostOnLogin() {
        admin.createUser(REALM, AdminApi.userWithHash("rehash-up@example.com", "bcrypt", 5, HORSE_5));
        assertThat(server.database().passwordSecretData(REALM, "rehash-up@example.com")).hasValueSatisfying(
                secret -> assertThat(hashIn(secret)).isEqualTo(HORSE_5));

        assertThat(login.passwordGrant(DIRECT, "rehash-up@example.com", HORSE).statusCode()).isEqualTo(200);

        String stored = hashIn(server.database().passwordSecretData(REALM, "rehash-up@example.com").orElseThrow());
        assertThat(stored).startsWith("$2a$10$").hasSize(60).isNotEqualTo(HORSE_5);
        JsonNode credential = credentials("rehash-up@example.com").get(0);
        assertThat(Json.read(credential.get("credentialData").asText()).get("hashIterations").asInt()).isEqualTo(10);
        // The new hash still takes the same password, and is not rehashed again.
        assertThat(login.passwordGrant(DIRECT, "rehash-up@example.com", HORSE).statusCode()).isEqualTo(200);
        assertThat(hashIn(server.database().passwordSecretData(REALM, "rehash-up@example.com").orElseThrow())).isEqualTo(stored);
    }

    @Test
    void strongerHashIsNeverRehashedDown() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String cost12 = OpenBSDBCrypt.generate("2a", HORSE.getBytes(java.nio.charset.StandardCharsets.UTF_8), salt, 12);
        // hashIterations deliberately wrong: the cost is read from the hash itself.
        admin.createUser(REALM, AdminApi.userWithHash("keep-12@example.com", "bcrypt", 4, cost12));

        assertThat(login.passwordGrant(DIRECT, "keep-12@example.com", HORSE).statusCode()).isEqualTo(200);
        assertThat(login.throughLoginPage("keep-12@example.com", HORSE).signedIn()).isTrue();

        assertThat(hashIn(server.database().passwordSecretData(REALM, "keep-12@example.com").orElseThrow())).isEqualTo(cost12);
    }

    @Test
    void brokenStoredHashesFailCleanlyAndHarmNobodyElse() {
        admin.createUser(REALM, AdminApi.userWithHash("fine@example.com", "bcrypt", 5, HORSE_5));
        Map<String, String> broken = Map.of(
                "empty-hash@example.com", "",
                "garbage-hash@example.com", "this is not a bcrypt hash",
                "truncated-hash@example.com", HORSE_5.substring(0, 40),
                "bad-salt-hash@example.com", HORSE_5.substring(0, 28) + "!" + HORSE_5.substring(29));
        broken.forEach((user, hash) -> admin.createUser(REALM, AdminApi.userWithHash(user, "bcrypt", 5, hash)));
        int mark = server.logMark();

        for (String user : broken.keySet()) {
            RealmLogin.PageResult page = login.throughLoginPage(user, HORSE);
            assertThat(page.signedIn()).as(user).isFalse();
            assertThat(page.errorMessage()).as(user).containsIgnoringCase("invalid");
            assertThat(login.passwordGrant(DIRECT, user, HORSE).statusCode()).as(user).isEqualTo(RealmLogin.refusedGrantStatus());
        }
        assertThat(login.passwordGrant(DIRECT, "fine@example.com", HORSE).statusCode()).isEqualTo(200);
        assertThat(login.throughLoginPage("fine@example.com", HORSE).signedIn()).isTrue();

        String log = server.logSince(mark);
        assertThat(log).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(" ERROR [");
        assertThat(log).contains("invalid_user_credentials");
    }

    @Test
    void costAboveTheCapIsRefusedAtOnceWithALogLine() {
        String planted = "$2a$31$" + HORSE_5.substring(7);
        admin.createUser(REALM, AdminApi.userWithHash("cost-31@example.com", "bcrypt", 31, planted));
        int mark = server.logMark();
        long start = System.nanoTime();
        assertThat(login.passwordGrant(DIRECT, "cost-31@example.com", HORSE).statusCode()).isEqualTo(RealmLogin.refusedGrantStatus());
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(10_000);
        assertThat(server.logSince(mark)).contains("bcrypt cost 31 is above the cap 15").doesNotContain(HORSE);
    }

    @Test
    void serverInfoShowsTheEffectiveCosts() {
        JsonNode bcrypt = admin.get("/admin/serverinfo").at("/providers/password-hashing/providers/bcrypt/operationalInfo");
        assertThat(bcrypt.get("default-cost").asText()).isEqualTo("10");
        assertThat(bcrypt.get("default-cost-source").asText()).isEqualTo("default");
        assertThat(bcrypt.get("max-cost").asText()).isEqualTo("15");
    }

    @Test
    void exportedRealmAsksForBcryptAndFlowisesPasswordRules() {
        JsonNode realm = admin.get("/admin/realms/" + REALM);
        assertThat(realm.get("passwordPolicy").asText()).contains("hashAlgorithm(bcrypt)", "length(8)", "maxLength(128)",
                "lowerCase(1)", "upperCase(1)", "digits(1)", "specialChars(1)");
        assertThat(realm.get("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.get("loginWithEmailAllowed").asBoolean()).isTrue();
        // A password set under the policy is a bcrypt hash at the default cost.
        String id = admin.createUser(REALM, Map.of("username", "policy@example.com", "email", "policy@example.com", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", "Fl0wise-Pass!", "temporary", false))));
        assertThat(id).isNotBlank();
        assertThat(hashIn(server.database().passwordSecretData(REALM, "policy@example.com").orElseThrow())).startsWith("$2a$10$");
        assertThat(login.passwordGrant(DIRECT, "policy@example.com", "Fl0wise-Pass!").statusCode()).isEqualTo(200);
        // And the policy refuses what Flowise refuses.
        var weak = admin.send("POST", "/admin/realms/" + REALM + "/users", Map.of("username", "weak@example.com", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", "weakpass", "temporary", false))));
        assertThat(weak.statusCode()).isEqualTo(400);
    }

    private static JsonNode credentials(String username) {
        return admin.get("/admin/realms/" + REALM + "/users/" + admin.userId(REALM, username) + "/credentials");
    }

    static String hashIn(String secretData) {
        return Json.read(secretData).get("value").asText();
    }
}

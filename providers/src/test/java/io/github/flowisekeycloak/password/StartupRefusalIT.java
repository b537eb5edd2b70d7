package io.github.flowisekeycloak.password;

import io.github.flowisekeycloak.testing.ItPaths;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.ServerSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings that cannot work stop Keycloak at start, with a message naming what to fix. */
class StartupRefusalIT {

    @Test
    void malformedRoundsStopStartUpNamingTheVariable() {
        KeycloakServer.StartFailure failure = KeycloakServer.startExpectingFailure(
                ServerSpec.standard().withEnv(Map.of("PASSWORD_SALT_HASH_ROUNDS", "abc")));
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.log()).contains("Invalid environment variable PASSWORD_SALT_HASH_ROUNDS: 'abc' is not a whole number");
    }

    @Test
    void roundsAboveTheCapStopStartUpNamingBoth() {
        KeycloakServer.StartFailure failure = KeycloakServer.startExpectingFailure(
                ServerSpec.standard().withEnv(Map.of("PASSWORD_SALT_HASH_ROUNDS", "16")));
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.log()).contains("PASSWORD_SALT_HASH_ROUNDS=16 is above the bcrypt cost cap 15")
                .contains("spi-password-hashing--bcrypt--max-cost");
    }

    @Test
    void aLoweredCapIsReadFromKeycloaksOwnConfiguration() {
        KeycloakServer.StartFailure failure = KeycloakServer.startExpectingFailure(
                ServerSpec.standard().withEnv(Map.of("KC_SPI_PASSWORD_HASHING__BCRYPT__MAX_COST", "9")));
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.log()).contains("PASSWORD_SALT_HASH_ROUNDS=10 is above the bcrypt cost cap 9");
    }

    @Test
    void realmPolicyAboveTheCapStopsStartUpNamingBoth() throws IOException {
        Path realm = Files.createDirectories(ItPaths.workDir().resolve("realms")).resolve("flowise-realm.json");
        String exported = Files.readString(ItPaths.realmExport());
        assertThat(exported).contains("hashAlgorithm(bcrypt)");
        Files.writeString(realm, exported.replace("hashAlgorithm(bcrypt)", "hashAlgorithm(bcrypt) and hashIterations(20)"));

        KeycloakServer.StartFailure failure = KeycloakServer.startExpectingFailure(
                ServerSpec.standard().withRealmFiles(List.of(realm)));
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.log()).contains("Realm 'flowise' password policy hashIterations(20) is outside the bcrypt cost range 4..15")
                .contains("max-cost");
    }
}

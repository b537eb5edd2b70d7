package io.github.flowisekeycloak.realm;

import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.ServerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5 case 6: each malformed value stops start-up with a message naming the variable. */
class SettingsStartupRefusalIT {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "JWT_TOKEN_EXPIRY_IN_MINUTES, abc, '''abc'' is not a whole number'",
            "JWT_TOKEN_EXPIRY_IN_MINUTES, -5, '-5 is outside the allowed range 1..'",
            "JWT_TOKEN_EXPIRY_IN_MINUTES, 0, '0 is outside the allowed range 1..'",
            "SMTP_SECURE, maybe, '''maybe'' is not true or false'"})
    void malformedValueStopsStartUpNamingTheVariable(String variable, String value, String problem) {
        KeycloakServer.StartFailure failure = KeycloakServer.startExpectingFailure(
                ServerSpec.standard().withEnv(Map.of(variable, value)));
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.log()).contains("Invalid environment variable " + variable + ": " + problem);
    }
}

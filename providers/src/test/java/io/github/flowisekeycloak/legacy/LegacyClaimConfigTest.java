package io.github.flowisekeycloak.legacy;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyClaimConfigTest {

    @Test
    void noConfigMeansTheDefaults() {
        assertThat(LegacyClaimConfig.of(null)).isEqualTo(new LegacyClaimConfig(5, 900));
        assertThat(LegacyClaimConfig.of(new AuthenticatorConfigModel())).isEqualTo(new LegacyClaimConfig(5, 900));
    }

    @Test
    void valuesAreRead() {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(Map.of("maxFailures", "3", "lockoutSeconds", " 60 "));
        assertThat(LegacyClaimConfig.of(model)).isEqualTo(new LegacyClaimConfig(3, 60));
    }

    @Test
    void unusableValuesNeverSwitchTheLockoutOff() {
        for (String bad : new String[] {"0", "-1", "", "five", "9999999999"}) {
            AuthenticatorConfigModel model = new AuthenticatorConfigModel();
            model.setConfig(Map.of("maxFailures", bad, "lockoutSeconds", bad));
            assertThat(LegacyClaimConfig.of(model)).as(bad).isEqualTo(new LegacyClaimConfig(5, 900));
        }
    }
}

package io.github.flowisekeycloak.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowiseSettingsTest {

    @Test
    void unsetIsNotTheSameAsTheDefault() {
        FlowiseSettings unset = FlowiseSettings.from(Map.of());
        FlowiseSettings ten = FlowiseSettings.from(Map.of("PASSWORD_SALT_HASH_ROUNDS", "10"));
        assertThat(unset.passwordSaltHashRounds()).isEmpty();
        assertThat(unset.bcryptCost()).isEqualTo(10);
        assertThat(ten.passwordSaltHashRounds()).hasValue(10);
        assertThat(ten.bcryptCost()).isEqualTo(10);
        assertThat(unset.describe()).containsEntry("PASSWORD_SALT_HASH_ROUNDS", "(unset)");
        assertThat(ten.describe()).containsEntry("PASSWORD_SALT_HASH_ROUNDS", "10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void blankCountsAsUnset(String blank) {
        assertThat(FlowiseSettings.from(Map.of("PASSWORD_SALT_HASH_ROUNDS", blank)).passwordSaltHashRounds()).isEmpty();
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(FlowiseSettings.from(Map.of("PASSWORD_SALT_HASH_ROUNDS", " 12 ")).bcryptCost()).isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12abc", "1e1", "10.0", "0x0A", "ten", "99999999999999"})
    void malformedRoundsNameTheVariable(String value) {
        assertThatThrownBy(() -> FlowiseSettings.from(Map.of("PASSWORD_SALT_HASH_ROUNDS", value)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("PASSWORD_SALT_HASH_ROUNDS")
                .satisfies(e -> assertThat(((InvalidSettingException) e).variable()).isEqualTo("PASSWORD_SALT_HASH_ROUNDS"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3", "-5", "32"})
    void roundsOutsideBcryptsRangeAreRefused(String value) {
        assertThatThrownBy(() -> FlowiseSettings.from(Map.of("PASSWORD_SALT_HASH_ROUNDS", value)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("PASSWORD_SALT_HASH_ROUNDS")
                .hasMessageContaining("4..31");
    }

    @Test
    void otherVariablesAreIgnored() {
        assertThat(FlowiseSettings.from(Map.of("PATH", "/bin", "HOME", "/root")).passwordSaltHashRounds()).isEmpty();
    }
}

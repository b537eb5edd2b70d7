package io.github.flowisekeycloak.password;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BcryptCostsTest {

    @Test
    void roundsAboveTheCapStopStartUpNamingBoth() {
        FlowiseSettings settings = FlowiseSettings.from(Map.of("PASSWORD_SALT_HASH_ROUNDS", "16"));
        assertThatThrownBy(() -> BcryptCosts.of(settings, 15))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PASSWORD_SALT_HASH_ROUNDS=16")
                .hasMessageContaining("cap 15")
                .hasMessageContaining("max-cost");
    }

    @Test
    void defaultCostAboveALoweredCapStopsStartUpToo() {
        assertThatThrownBy(() -> BcryptCosts.of(FlowiseSettings.from(Map.of()), 9))
                .hasMessageContaining("PASSWORD_SALT_HASH_ROUNDS=10").hasMessageContaining("cap 9");
    }

    @Test
    void capOutsideBcryptRangeIsRefused() {
        assertThatThrownBy(() -> BcryptCosts.of(FlowiseSettings.from(Map.of()), 32)).hasMessageContaining("max-cost");
        assertThatThrownBy(() -> BcryptCosts.of(FlowiseSettings.from(Map.of()), 3)).hasMessageContaining("max-cost");
    }

    @Test
    void roundsAtTheCapAreFine() {
        BcryptCosts costs = BcryptCosts.of(FlowiseSettings.from(Map.of("PASSWORD_SALT_HASH_ROUNDS", "15")), 15);
        assertThat(costs.defaultCost()).isEqualTo(15);
        assertThat(costs.defaultFromEnvironment()).isTrue();
    }

    @Test
    void policyIterations() {
        BcryptCosts costs = BcryptCosts.of(FlowiseSettings.from(Map.of()), 15);
        assertThat(costs.forPolicy(-1)).isEqualTo(10);
        assertThat(costs.forPolicy(12)).isEqualTo(12);
        assertThat(costs.forPolicy(27500)).isEqualTo(15);
        assertThat(costs.forPolicy(1)).isEqualTo(4);
        assertThat(costs.acceptsPolicy(-1)).isTrue();
        assertThat(costs.acceptsPolicy(15)).isTrue();
        assertThat(costs.acceptsPolicy(16)).isFalse();
        assertThat(costs.acceptsPolicy(3)).isFalse();
        assertThat(costs.verifiable(15)).isTrue();
        assertThat(costs.verifiable(16)).isFalse();
    }
}

package io.github.flowisekeycloak.legacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerNameTest {

    @Test
    void splitsAtTheFirstSpace() {
        assertThat(OwnerName.split("Alice Admin")).isEqualTo(new OwnerName("Alice", "Admin"));
        assertThat(OwnerName.split("  Mary  Ann   Smith ")).isEqualTo(new OwnerName("Mary", "Ann Smith"));
        assertThat(OwnerName.split("Cher")).isEqualTo(new OwnerName("Cher", ""));
    }

    @Test
    void blankIsEmpty() {
        assertThat(OwnerName.split(null).isEmpty()).isTrue();
        assertThat(OwnerName.split("   ").isEmpty()).isTrue();
        assertThat(OwnerName.split("A").isEmpty()).isFalse();
    }
}

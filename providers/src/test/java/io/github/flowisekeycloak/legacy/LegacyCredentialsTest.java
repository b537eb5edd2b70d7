package io.github.flowisekeycloak.legacy;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyCredentialsTest {

    static LegacyCredentials pair(String username, String password) {
        return LegacyCredentials.from(FlowiseSettings.from(Map.of("FLOWISE_USERNAME", username, "FLOWISE_PASSWORD", password)))
                .orElseThrow();
    }

    @Test
    void theExactPairMatches() {
        assertThat(pair("legacyops", "Old-Pass#77").matches("legacyops", "Old-Pass#77")).isTrue();
        assertThat(pair("opsadmin", "weakpass").matches("opsadmin", "weakpass")).isTrue();
    }

    @Test
    void anyDifferenceInEitherHalfFails() {
        LegacyCredentials legacy = pair("legacyops", "Old-Pass#77");
        assertThat(legacy.matches("legacyops", "Old-Pass#78")).isFalse();
        assertThat(legacy.matches("legacyops", "old-pass#77")).as("case-sensitive, like Flowise's ===").isFalse();
        assertThat(legacy.matches("Legacyops", "Old-Pass#77")).isFalse();
        assertThat(legacy.matches("legacyop", "Old-Pass#77")).isFalse();
        assertThat(legacy.matches("legacyops", "Old-Pass#77 ")).as("the password is verbatim").isFalse();
        assertThat(legacy.matches("legacyops", "")).isFalse();
        assertThat(legacy.matches("", "")).isFalse();
        assertThat(legacy.matches(null, "Old-Pass#77")).isFalse();
        assertThat(legacy.matches("legacyops", null)).isFalse();
        assertThat(legacy.matches("Old-Pass#77", "legacyops")).isFalse();
    }

    @Test
    void theUsernameIsTrimmedLikeTheVariable() {
        assertThat(pair("legacyops", "Old-Pass#77").matches("  legacyops ", "Old-Pass#77")).isTrue();
    }

    @Test
    void theGateNeedsBothVariables() {
        assertThat(LegacyCredentials.from(FlowiseSettings.from(Map.of("FLOWISE_USERNAME", "legacyops")))).isEmpty();
        assertThat(LegacyCredentials.from(FlowiseSettings.from(Map.of("FLOWISE_PASSWORD", "Old-Pass#77")))).isEmpty();
        assertThat(LegacyCredentials.from(FlowiseSettings.from(Map.of()))).isEmpty();
        assertThat(LegacyCredentials.from(FlowiseSettings.from(Map.of("FLOWISE_USERNAME", " ", "FLOWISE_PASSWORD", "x")))).isEmpty();
    }

    @Test
    void comparisonRunsOverFixedLengthDigestsWhateverTheInputLength() {
        // Constant time by construction: what is compared is always 32 bytes, so the length of
        // neither the secret nor the guess can change how long the comparison takes.
        for (String input : new String[] {"", "a", "Old-Pass#77", "x".repeat(10_000), "ü€😀"}) {
            assertThat(LegacyCredentials.digest(input)).hasSize(32);
        }
        assertThat(LegacyCredentials.digest("Old-Pass#77")).isEqualTo(LegacyCredentials.digest("Old-Pass#77"))
                .isNotEqualTo(LegacyCredentials.digest("Old-Pass#78"));
    }

    @Test
    void onlyDigestsAreKeptNeverThePlainValues() throws Exception {
        LegacyCredentials legacy = pair("legacyops", "Old-Pass#77");
        byte[] plain = "Old-Pass#77".getBytes(StandardCharsets.UTF_8);
        int digests = 0;
        for (Field field : LegacyCredentials.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            assertThat(field.getType()).as(field.getName()).isEqualTo(byte[].class);
            field.setAccessible(true);
            byte[] value = (byte[]) field.get(legacy);
            assertThat(value).hasSize(32);
            assertThat(Arrays.equals(value, plain)).isFalse();
            digests++;
        }
        assertThat(digests).isEqualTo(2);
        assertThat(legacy.toString()).doesNotContain("Old-Pass#77").doesNotContain("legacyops");
    }
}

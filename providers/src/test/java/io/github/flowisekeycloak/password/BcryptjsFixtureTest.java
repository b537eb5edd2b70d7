package io.github.flowisekeycloak.password;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.models.credential.PasswordCredentialModel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference: 488 cases written by bcryptjs 2.4.3 itself (Flowise's library), each answered
 * through the provider's own {@code verify(String, PasswordCredentialModel)}, the call Keycloak makes.
 */
class BcryptjsFixtureTest {

    private static final BcryptPasswordHashProvider PROVIDER =
            new BcryptPasswordHashProvider(BcryptCosts.of(FlowiseSettings.from(Map.of()), BcryptCosts.DEFAULT_MAX_COST));

    record Case(String password, String hash, boolean expected, String note) {
        @Override
        public String toString() {
            return note + " " + hash.substring(0, 7) + " -> " + expected;
        }
    }

    static List<Case> cases() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(BcryptjsFixtureTest.class.getResourceAsStream("/bcryptjs-cases.tsv")),
                StandardCharsets.UTF_8))) {
            return in.lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t", -1))
                    .map(f -> new Case(new String(Base64.getDecoder().decode(f[0]), StandardCharsets.UTF_8),
                            f[1], Boolean.parseBoolean(f[2]), f[3]))
                    .collect(Collectors.toList());
        }
    }

    static List<Arguments> rows() throws IOException {
        return cases().stream().map(Arguments::of).collect(Collectors.toList());
    }

    @Test
    void fixtureHoldsAllCasesIncludingTheEdgeRows() throws IOException {
        List<Case> all = cases();
        assertThat(all).hasSize(488);
        assertThat(all).filteredOn(c -> c.note().startsWith("edge:")).hasSize(8);
        assertThat(all).filteredOn(Case::expected).isNotEmpty();
        assertThat(all).filteredOn(c -> !c.expected()).isNotEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rows")
    void verifyGivesBcryptjsAnswer(Case c) {
        PasswordCredentialModel stored = PasswordCredentialModel.createFromValues("bcrypt", new byte[0], 10, c.hash());
        assertThat(PROVIDER.verify(c.password(), stored)).isEqualTo(c.expected());
    }
}

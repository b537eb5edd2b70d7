package io.github.flowisekeycloak.bridge;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BridgeStateTest {

    @Test
    void theCookieCarriesStateAndVerifierAndOnlyItsOwnStateUnlocksIt() {
        BridgeState s = BridgeState.create(new SecureRandom());
        assertThat(BridgeState.looksLikeState(s.state())).isTrue();
        String header = s.setCookie("/realms/flowise/flowise-bridge", 1800, false);
        assertThat(header).startsWith("FLOWISE_BRIDGE_" + s.state() + "=" + s.state() + "." + s.verifier() + ";")
                .contains("Path=/realms/flowise/flowise-bridge").contains("Max-Age=1800").contains("HttpOnly").contains("SameSite=Lax")
                .doesNotContain("Secure");
        assertThat(s.setCookie("/p", 1, true)).endsWith("; Secure");
        String value = s.state() + "." + s.verifier();
        assertThat(BridgeState.verifier(s.state(), value)).hasValue(s.verifier());
        BridgeState other = BridgeState.create(new SecureRandom());
        assertThat(BridgeState.verifier(other.state(), value)).isEmpty();
        assertThat(BridgeState.verifier(s.state(), null)).isEmpty();
        assertThat(BridgeState.verifier(s.state(), s.state())).isEmpty();
        assertThat(BridgeState.verifier(s.state(), s.state() + ".short")).isEmpty();
    }

    @Test
    void theChallengeIsRfc7636sS256() {
        // RFC 7636, appendix B.
        assertThat(BridgeState.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertThat(new BridgeState("x", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").challenge())
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void onlyValuesWeCouldHaveMadeAreLookedUp() {
        assertThat(BridgeState.looksLikeState(null)).isFalse();
        assertThat(BridgeState.looksLikeState("short")).isFalse();
        assertThat(BridgeState.looksLikeState("a".repeat(42) + ";")).isFalse();
        assertThat(BridgeState.looksLikeState("a".repeat(43))).isTrue();
        assertThat(BridgeState.clearCookie("a".repeat(43), "/p", false)).contains("Max-Age=0");
    }
}

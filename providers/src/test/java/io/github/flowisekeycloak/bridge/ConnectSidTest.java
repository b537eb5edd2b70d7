package io.github.flowisekeycloak.bridge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectSidTest {

    /** A connect.sid a real Flowise 3.1.4 set at login (EXPRESS_SESSION_SECRET=probe-session-secret-123456). */
    static final String FLOWISE_SID = "y-ZF1utSRTCdMMFMDqB9vf-hlblprUSQ";
    static final String FLOWISE_COOKIE = "s%3Ay-ZF1utSRTCdMMFMDqB9vf-hlblprUSQ.PYxVJ8Q%2B4knNdcdkCR%2FMRQ0OOXgLE2hpzPQf%2BWPBnoA";

    private final ConnectSid signer = new ConnectSid(new SecureRandom(), "probe-session-secret-123456".getBytes(StandardCharsets.UTF_8));

    @Test
    void signsExactlyAsExpressSessionDid() {
        assertThat(signer.cookieValue(FLOWISE_SID)).isEqualTo(FLOWISE_COOKIE);
        assertThat(signer.verify(FLOWISE_COOKIE)).hasValue(FLOWISE_SID);
    }

    @Test
    void anotherSecretOrATamperedValueDoesNotVerify() {
        ConnectSid other = new ConnectSid(new SecureRandom(), "another-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(other.verify(FLOWISE_COOKIE)).isEmpty();
        assertThat(signer.verify(FLOWISE_COOKIE.replace("y-ZF", "y-ZG"))).isEmpty();
        assertThat(signer.verify("s%3A" + FLOWISE_SID)).isEmpty();
        assertThat(signer.verify(FLOWISE_SID)).isEmpty();
        assertThat(signer.verify("%zz")).isEmpty();
    }

    @Test
    void idsAreLikeExpressSessionsAnd192BitsOfRandom() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = signer.newId();
            assertThat(id).matches("[A-Za-z0-9_-]{32}");
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(ConnectSid.ID_BYTES * 8).isGreaterThanOrEqualTo(128);
    }

    @Test
    void encodesLikeEncodeUriComponent() {
        assertThat(ConnectSid.encodeUriComponent("s:a+b/c=d.e_f-g~h!i*j'k(l)m é"))
                .isEqualTo("s%3Aa%2Bb%2Fc%3Dd.e_f-g~h!i*j'k(l)m%20%C3%A9");
    }
}

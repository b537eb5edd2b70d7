package io.github.flowisekeycloak.cookie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Flowise's token format, checked against the primitives directly (HMAC-SHA256, AES-256-CBC). */
class FlowiseTokenFormatTest {

    static final byte[] SECRET = "access-secret-for-tests".getBytes(StandardCharsets.UTF_8);
    static final byte[] OTHER = "another-secret".getBytes(StandardCharsets.UTF_8);
    static final long NOW = 1_800_000_000L;

    static FlowiseJwt.Claims claims(FlowiseJwt.Kind kind, long iat, long exp) {
        return new FlowiseJwt.Claims("1f0c7c1e-0000-4000-8000-000000000001", "Alice Admin", "00:11", iat, exp, "sid-1", kind);
    }

    @Test
    void signedTokenHasFlowisesHeaderClaimsAndAValidHmac() throws Exception {
        String token = FlowiseJwt.sign(claims(FlowiseJwt.Kind.ACCESS, NOW, NOW + 300), "flowise-app", "flowise", SECRET);
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        JsonNode payload = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(payload.get("id").asText()).isEqualTo("1f0c7c1e-0000-4000-8000-000000000001");
        assertThat(payload.get("username").asText()).isEqualTo("Alice Admin");
        assertThat(payload.get("iat").asLong()).isEqualTo(NOW);
        assertThat(payload.get("nbf").asLong()).isEqualTo(NOW);
        assertThat(payload.get("exp").asLong() - payload.get("iat").asLong()).isEqualTo(300);
        assertThat(payload.get("aud").asText()).isEqualTo("flowise-app");
        assertThat(payload.get("iss").asText()).isEqualTo("flowise");
        assertThat(payload.get("sid").asText()).isEqualTo("sid-1");
        assertThat(payload.get("token_use").asText()).isEqualTo("access");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
    }

    @Test
    void verifyAcceptsItsOwnKindOnly() {
        String access = FlowiseJwt.sign(claims(FlowiseJwt.Kind.ACCESS, NOW, NOW + 300), "a", "i", SECRET);
        String refresh = FlowiseJwt.sign(claims(FlowiseJwt.Kind.REFRESH, NOW, NOW + 300), "a", "i", SECRET);
        assertThat(FlowiseJwt.verify(access, FlowiseJwt.Kind.ACCESS, "a", "i", SECRET, NOW + 1).claims()).isPresent();
        assertThat(FlowiseJwt.verify(refresh, FlowiseJwt.Kind.REFRESH, "a", "i", SECRET, NOW + 1).claims()).isPresent();
        // Same secret for both kinds: still refused.
        assertThat(FlowiseJwt.verify(access, FlowiseJwt.Kind.REFRESH, "a", "i", SECRET, NOW + 1).rejection())
                .hasValue(FlowiseJwt.Rejection.WRONG_KIND);
        assertThat(FlowiseJwt.verify(refresh, FlowiseJwt.Kind.ACCESS, "a", "i", SECRET, NOW + 1).rejection())
                .hasValue(FlowiseJwt.Rejection.WRONG_KIND);
    }

    @Test
    void verifyRefusesWhatFlowiseWouldAndMore() {
        String access = FlowiseJwt.sign(claims(FlowiseJwt.Kind.ACCESS, NOW, NOW + 300), "a", "i", SECRET);
        assertThat(FlowiseJwt.verify(access, FlowiseJwt.Kind.ACCESS, "a", "i", OTHER, NOW + 1).rejection())
                .hasValue(FlowiseJwt.Rejection.BAD_SIGNATURE);
        assertThat(FlowiseJwt.verify(access, FlowiseJwt.Kind.ACCESS, "b", "i", SECRET, NOW + 1).rejection())
                .hasValue(FlowiseJwt.Rejection.WRONG_AUDIENCE_OR_ISSUER);
        assertThat(FlowiseJwt.verify(access, FlowiseJwt.Kind.ACCESS, "a", "j", SECRET, NOW + 1).rejection())
                .hasValue(FlowiseJwt.Rejection.WRONG_AUDIENCE_OR_ISSUER);
        assertThat(FlowiseJwt.verify(access, FlowiseJwt.Kind.ACCESS, "a", "i", SECRET, NOW - 10).rejection())
                .hasValue(FlowiseJwt.Rejection.NOT_YET_VALID);
        FlowiseJwt.Verified expired = FlowiseJwt.verify(access, FlowiseJwt.Kind.ACCESS, "a", "i", SECRET, NOW + 300);
        assertThat(expired.rejection()).hasValue(FlowiseJwt.Rejection.EXPIRED);
        assertThat(expired.expiredClaims()).isPresent();
        for (String garbage : new String[] {"", "abc", "a.b.c", "a.b", "....", access + "x", access.replace('.', '!'), null}) {
            assertThat(FlowiseJwt.verify(garbage, FlowiseJwt.Kind.ACCESS, "a", "i", SECRET, NOW + 1).claims()).as(garbage).isEmpty();
        }
    }

    @Test
    void algNoneAndOtherAlgorithmsAreRefused() {
        String access = FlowiseJwt.sign(claims(FlowiseJwt.Kind.ACCESS, NOW, NOW + 300), "a", "i", SECRET);
        String[] parts = access.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(FlowiseJwt.verify(none + "." + parts[1] + ".", FlowiseJwt.Kind.ACCESS, "a", "i", SECRET, NOW + 1).rejection())
                .hasValue(FlowiseJwt.Rejection.MALFORMED);
        String hs512 = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(FlowiseJwt.verify(hs512 + "." + parts[1] + "." + parts[2], FlowiseJwt.Kind.ACCESS, "a", "i", SECRET, NOW + 1).claims()).isEmpty();
    }

    @Test
    void metaIsAes256CbcUnderSha256OfTheSecretWithAFreshIv() throws Exception {
        MetaCipher cipher = new MetaCipher("popcorn-but-stronger".getBytes(StandardCharsets.UTF_8));
        String meta = cipher.encrypt("user-1", "workspace-9");
        assertThat(meta).matches("[0-9a-f]{32}:[0-9a-f]+");
        assertThat(cipher.encrypt("user-1", "workspace-9")).isNotEqualTo(meta);
        // Decrypt with the primitives, as Flowise's decryptToken does.
        String[] parts = meta.split(":");
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE,
                new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest("popcorn-but-stronger".getBytes(StandardCharsets.UTF_8)), "AES"),
                new IvParameterSpec(HexFormat.of().parseHex(parts[0])));
        assertThat(new String(aes.doFinal(HexFormat.of().parseHex(parts[1])), StandardCharsets.UTF_8)).isEqualTo("user-1:workspace-9");
        assertThat(cipher.decrypt(meta)).hasValue("user-1:workspace-9");
        assertThat(new MetaCipher("other".getBytes(StandardCharsets.UTF_8)).decrypt(meta).filter("user-1:workspace-9"::equals)).isEmpty();
        for (String garbage : new String[] {"", ":", "zz:zz", "00:00", "0011", parts[0] + ":" + parts[1].substring(2), null}) {
            assertThat(cipher.decrypt(garbage)).as(garbage).isEmpty();
        }
    }

    @Test
    void cookieAttributesAreFlowises() {
        assertThat(new SetCookie(false).set("token", "v")).isEqualTo("token=v; Path=/; HttpOnly; SameSite=Lax");
        assertThat(new SetCookie(true).set("refreshToken", "v")).isEqualTo("refreshToken=v; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(new SetCookie(false).clear("token")).startsWith("token=; Path=/; Max-Age=0;").doesNotContain("Secure");
    }

    @Test
    void apiStaysOffWithoutStrongSecrets() {
        assertThat(CookieApiConfig.from(FlowiseSettings.from(Map.of()), "").disabledReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("JWT_AUTH_TOKEN_SECRET is unset", "TOKEN_HASH_SECRET is unset"));
        assertThat(CookieApiConfig.from(FlowiseSettings.from(Map.of("JWT_AUTH_TOKEN_SECRET", "AABBCCDDAABBCCDDAABBCCDDAABBCCDDAABBCCDD",
                "TOKEN_HASH_SECRET", "strong-enough-1")), "").disabledReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("JWT_AUTH_TOKEN_SECRET is one of Flowise's published weak defaults"));
        assertThat(CookieApiConfig.from(FlowiseSettings.from(Map.of("JWT_AUTH_TOKEN_SECRET", "strong-1", "JWT_REFRESH_TOKEN_SECRET", "refresh_token",
                "TOKEN_HASH_SECRET", "strong-2")), "").disabledReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("JWT_REFRESH_TOKEN_SECRET"));
        CookieApiConfig ok = CookieApiConfig.from(FlowiseSettings.from(Map.of("JWT_AUTH_TOKEN_SECRET", "strong-1",
                "TOKEN_HASH_SECRET", "strong-2", "APP_URL", "https://AI.example.com:443/app")), "ws");
        assertThat(ok.disabledReason()).isEmpty();
        assertThat(ok.appOrigin()).isEqualTo("https://ai.example.com");
        assertThat(ok.secureCookies()).isTrue();
        assertThat(ok.audience()).isEqualTo("AUDIENCE");
        assertThat(ok.issuer()).isEqualTo("ISSUER");
        assertThat(new String(ok.refreshSecret(), StandardCharsets.UTF_8)).isEqualTo("strong-1");
    }
}

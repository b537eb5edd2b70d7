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

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5", "0", "1.5"})
    void minuteCountsMustBeWholeAndPositive(String value) {
        for (String name : new String[] {"JWT_TOKEN_EXPIRY_IN_MINUTES", "JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES",
                "PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS", "PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES"}) {
            assertThatThrownBy(() -> FlowiseSettings.from(Map.of(name, value)))
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining(name);
        }
    }

    @Test
    void unknownBooleansAreRefused() {
        for (String name : new String[] {"SMTP_SECURE", "ALLOW_UNAUTHORIZED_CERTS", "EXPIRE_AUTH_TOKENS_ON_RESTART",
                "SECURE_COOKIES", "DATABASE_SSL"}) {
            assertThatThrownBy(() -> FlowiseSettings.from(Map.of(name, "maybe")))
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining(name).hasMessageContaining("maybe");
        }
        assertThat(FlowiseSettings.from(Map.of("SMTP_SECURE", "FALSE")).smtp().secure()).hasValue(false);
    }

    @Test
    void smtpSecureUnsetMeansTrueAndABlankPortIsUnset() {
        FlowiseSettings s = FlowiseSettings.from(Map.of("SMTP_PORT", "", "SMTP_HOST", "mail.example.com"));
        assertThat(s.smtp().port()).isEmpty();
        assertThat(s.smtp().secure()).isEmpty();
        assertThat(s.smtp().secureOrDefault()).isTrue();
        assertThat(s.smtp().anySet()).isTrue();
        assertThat(FlowiseSettings.from(Map.of()).smtp().anySet()).isFalse();
        assertThatThrownBy(() -> FlowiseSettings.from(Map.of("SMTP_PORT", "70000"))).hasMessageContaining("SMTP_PORT");
    }

    @Test
    void resetExpiryAcceptsBothNamesAndTheDocumentedOneWins() {
        assertThat(FlowiseSettings.from(Map.of("PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES", "30"))
                .passwordResetTokenExpiryMinutes()).hasValue(30);
        FlowiseSettings both = FlowiseSettings.from(Map.of("PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS", "5",
                "PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES", "30"));
        assertThat(both.passwordResetTokenExpiryMinutes()).hasValue(5);
        assertThat(both.warnings()).singleElement().asString().contains("PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS=5")
                .contains("documented");
        assertThat(FlowiseSettings.from(Map.of("PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS", "5",
                "PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES", "5")).warnings()).isEmpty();
    }

    @Test
    void secretsAreMaskedAndWeakDefaultsRecognised() {
        FlowiseSettings s = FlowiseSettings.from(Map.of("JWT_AUTH_TOKEN_SECRET", "s3cr3t-value-that-is-long",
                "TOKEN_HASH_SECRET", "popcorn", "SMTP_PASSWORD", "hunter2", "FLOWISE_PASSWORD", "Old-Pass#77",
                "DATABASE_PASSWORD", "dbpass"));
        String described = s.describe().toString();
        assertThat(described).doesNotContain("s3cr3t-value-that-is-long", "popcorn", "hunter2", "Old-Pass#77", "dbpass");
        assertThat(s.jwtAuthTokenSecret().orElseThrow().isKnownWeak()).isFalse();
        assertThat(s.tokenHashSecret().orElseThrow().isKnownWeak()).isTrue();
        assertThat(String.valueOf(s.tokenHashSecret().orElseThrow())).doesNotContain("popcorn");
        assertThat(FlowiseSettings.from(Map.of("JWT_AUTH_TOKEN_SECRET", "AABBCCDDAABBCCDDAABBCCDDAABBCCDDAABBCCDD"))
                .jwtAuthTokenSecret().orElseThrow().isKnownWeak()).isTrue();
        assertThat(FlowiseSettings.from(Map.of("EXPRESS_SESSION_SECRET", "flowise"))
                .expressSessionSecret().orElseThrow().isKnownWeak()).isTrue();
    }

    @Test
    void refreshSecretFallsBackToTheAuthSecret() {
        FlowiseSettings onlyAuth = FlowiseSettings.from(Map.of("JWT_AUTH_TOKEN_SECRET", "auth-secret-1"));
        assertThat(onlyAuth.jwtRefreshTokenSecret()).isEmpty();
        assertThat(onlyAuth.refreshTokenSecret().orElseThrow().matches("auth-secret-1")).isTrue();
        FlowiseSettings both = FlowiseSettings.from(Map.of("JWT_AUTH_TOKEN_SECRET", "a", "JWT_REFRESH_TOKEN_SECRET", "r"));
        assertThat(both.refreshTokenSecret().orElseThrow().matches("r")).isTrue();
    }

    @Test
    void secretComparisonIsExact() {
        Secret s = FlowiseSettings.from(Map.of("FLOWISE_PASSWORD", " Old-Pass#77 ")).flowisePassword().orElseThrow();
        assertThat(s.matches(" Old-Pass#77 ")).isTrue();
        assertThat(s.matches("Old-Pass#77")).isFalse();
        assertThat(s.matches(null)).isFalse();
        assertThat(FlowiseSettings.from(Map.of("FLOWISE_PASSWORD", "   ")).flowisePassword()).isEmpty();
    }

    @Test
    void secureCookiesFollowFlowisesRule() {
        assertThat(FlowiseSettings.from(Map.of()).secureCookies()).isFalse();
        assertThat(FlowiseSettings.from(Map.of("APP_URL", "https://flowise.example.com")).secureCookies()).isTrue();
        assertThat(FlowiseSettings.from(Map.of("APP_URL", "https://flowise.example.com", "SECURE_COOKIES", "false"))
                .secureCookies()).isFalse();
        assertThat(FlowiseSettings.from(Map.of("NODE_ENV", "production", "SECURE_COOKIES", "false")).secureCookies()).isTrue();
        assertThat(FlowiseSettings.from(Map.of("SECURE_COOKIES", "true")).secureCookies()).isTrue();
    }

    @Test
    void appUrlMustBeAnHttpUrl() {
        assertThat(FlowiseSettings.from(Map.of()).appUrlOrDefault()).hasToString("http://localhost:3000");
        assertThat(FlowiseSettings.from(Map.of("APP_URL", "https://ai.example.com/")).appUrl()).isPresent();
        for (String bad : new String[] {"localhost:3000", "ftp://x.example.com", "http://", "not a url"}) {
            assertThatThrownBy(() -> FlowiseSettings.from(Map.of("APP_URL", bad))).as(bad).hasMessageContaining("APP_URL");
        }
    }

    @Test
    void databaseTypeIsOneOfFlowises() {
        assertThat(FlowiseSettings.from(Map.of()).database().typeOrDefault()).isEqualTo("sqlite");
        assertThat(FlowiseSettings.from(Map.of("DATABASE_TYPE", "Postgres")).database().type()).hasValue("postgres");
        assertThatThrownBy(() -> FlowiseSettings.from(Map.of("DATABASE_TYPE", "oracle"))).hasMessageContaining("DATABASE_TYPE");
        assertThatThrownBy(() -> FlowiseSettings.from(Map.of("DATABASE_PORT", "x"))).hasMessageContaining("DATABASE_PORT");
    }

    @Test
    void modeIsMainOrQueueInFlowisesLetterCase() {
        assertThat(FlowiseSettings.from(Map.of()).queueMode()).isFalse();
        assertThat(FlowiseSettings.from(Map.of("MODE", "main")).queueMode()).isFalse();
        assertThat(FlowiseSettings.from(Map.of("MODE", " queue ")).queueMode()).isTrue();
        for (String bad : new String[] {"Queue", "QUEUE", "worker", "redis"}) {
            assertThatThrownBy(() -> FlowiseSettings.from(Map.of("MODE", bad))).as(bad)
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining("MODE").hasMessageContaining("queue");
        }
    }

    @Test
    void redisDefaultsAreIoredissOwn() {
        FlowiseSettings.Redis r = FlowiseSettings.from(Map.of()).redis();
        assertThat(r.host()).isEqualTo("localhost");
        assertThat(r.port()).isEqualTo(6379);
        assertThat(r.username()).isEmpty();
        assertThat(r.password()).isEmpty();
        assertThat(r.tls()).isFalse();
        assertThat(r.database()).isZero();
        assertThat(r.fromUrl()).isFalse();
    }

    @Test
    void redisFromSeparateVariables() {
        FlowiseSettings.Redis r = FlowiseSettings.from(Map.of("REDIS_HOST", "cache.internal", "REDIS_PORT", "6380",
                "REDIS_USERNAME", "flowise", "REDIS_PASSWORD", "r3dis-pass", "REDIS_TLS", "true")).redis();
        assertThat(r.host()).isEqualTo("cache.internal");
        assertThat(r.port()).isEqualTo(6380);
        assertThat(r.username()).hasValue("flowise");
        assertThat(r.password().orElseThrow().matches("r3dis-pass")).isTrue();
        assertThat(r.tls()).isTrue();
        assertThatThrownBy(() -> FlowiseSettings.from(Map.of("REDIS_PORT", "0"))).hasMessageContaining("REDIS_PORT");
        assertThatThrownBy(() -> FlowiseSettings.from(Map.of("REDIS_TLS", "yes"))).hasMessageContaining("REDIS_TLS");
    }

    @Test
    void redisUrlWinsAndCarriesUserPasswordDatabaseAndTls() {
        FlowiseSettings.Redis r = FlowiseSettings.from(Map.of("REDIS_URL", "rediss://app:p%40ss%3Aword@redis.example.com:6390/3",
                "REDIS_HOST", "ignored", "REDIS_TLS", "false")).redis();
        assertThat(r.fromUrl()).isTrue();
        assertThat(r.host()).isEqualTo("redis.example.com");
        assertThat(r.port()).isEqualTo(6390);
        assertThat(r.username()).hasValue("app");
        assertThat(r.password().orElseThrow().matches("p@ss:word")).isTrue();
        assertThat(r.tls()).isTrue();
        assertThat(r.database()).isEqualTo(3);

        FlowiseSettings.Redis passwordOnly = FlowiseSettings.from(Map.of("REDIS_URL", "redis://:only-pass@127.0.0.1")).redis();
        assertThat(passwordOnly.username()).isEmpty();
        assertThat(passwordOnly.password().orElseThrow().matches("only-pass")).isTrue();
        assertThat(passwordOnly.port()).isEqualTo(6379);
        assertThat(passwordOnly.tls()).isFalse();
        assertThat(FlowiseSettings.from(Map.of("REDIS_URL", "redis://h:1?db=2")).redis().database()).isEqualTo(2);
    }

    @Test
    void aBadRedisUrlIsRefusedWithoutEchoingItsPassword() {
        for (String bad : new String[] {"http://u:hunter2@host:6379", "redis://:hunter2@host:6379/zero", "redis://:hunter2@/0",
                "hunter2 is no url"}) {
            assertThatThrownBy(() -> FlowiseSettings.from(Map.of("REDIS_URL", bad))).as(bad)
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining("REDIS_URL")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        }
        String described = FlowiseSettings.from(Map.of("REDIS_URL", "redis://app:hunter2@host:6379/1", "REDIS_PASSWORD", "other-secret"))
                .describe().toString();
        assertThat(described).doesNotContain("hunter2", "other-secret").contains("redis://app@host:6379/1");
    }

    @Test
    void redisCertificatesAreBase64Pem() {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        String encoded = java.util.Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        FlowiseSettings.Redis r = FlowiseSettings.from(Map.of("REDIS_TLS", "true", "REDIS_CA", encoded)).redis();
        assertThat(r.caPem()).hasValue(pem);
        assertThatThrownBy(() -> FlowiseSettings.from(Map.of("REDIS_CA", "%%%"))).hasMessageContaining("REDIS_CA").hasMessageContaining("base64");
        assertThatThrownBy(() -> FlowiseSettings.from(Map.of("REDIS_KEY", java.util.Base64.getEncoder().encodeToString("hello".getBytes()))))
                .hasMessageContaining("REDIS_KEY").hasMessageContaining("PEM");
    }
}

package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BridgeConfigTest {

    static Map<String, String> secrets(String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "JWT_AUTH_TOKEN_SECRET", "unit-access-secret-0123456789",
                "JWT_REFRESH_TOKEN_SECRET", "unit-refresh-secret-0123456789",
                "TOKEN_HASH_SECRET", "unit-hash-secret-0123456789",
                "EXPRESS_SESSION_SECRET", "unit-session-secret-0123456789"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static BridgeConfig config(Map<String, String> env) {
        return BridgeConfig.from(FlowiseSettings.from(env));
    }

    @Test
    void enabledWithAllSecretsOnADatabaseStore() {
        BridgeConfig config = config(secrets("DATABASE_TYPE", "postgres"));
        assertThat(config.disabledReason()).isEmpty();
        assertThat(config.store()).isEqualTo(BridgeConfig.Store.DATABASE);
        assertThat(config.realmReason("postgres")).isEmpty();
        assertThat(config.realmReason("sqlite")).isEmpty();
        assertThat(config.realmReason("mysql")).isEmpty();
        assertThat(config.realmReason("mariadb")).hasValueSatisfying(r -> assertThat(r).contains("MariaDB").contains("MODE=queue"));
        assertThat(config.appOrigin()).isEqualTo("http://localhost:3000");
    }

    @Test
    void offWhenFlowiseKeepsSessionsInMemory() {
        assertThat(config(secrets("EXPIRE_AUTH_TOKENS_ON_RESTART", "true")).disabledReason())
                .hasValueSatisfying(r -> assertThat(r).contains("EXPIRE_AUTH_TOKENS_ON_RESTART=true").contains("memory"));
        assertThat(config(secrets("EXPIRE_AUTH_TOKENS_ON_RESTART", "true", "MODE", "queue")).disabledReason()).isPresent();
        assertThat(config(secrets("DATABASE_TYPE", "mariadb")).disabledReason())
                .hasValueSatisfying(r -> assertThat(r).contains("DATABASE_TYPE=mariadb"));
        assertThat(config(secrets("EXPIRE_AUTH_TOKENS_ON_RESTART", "false")).disabledReason()).isEmpty();
    }

    @Test
    void queueModeUsesRedisEvenOnMariaDb() {
        BridgeConfig config = config(secrets("DATABASE_TYPE", "mariadb", "MODE", "queue", "REDIS_HOST", "cache", "REDIS_PORT", "6390"));
        assertThat(config.disabledReason()).isEmpty();
        assertThat(config.store()).isEqualTo(BridgeConfig.Store.REDIS);
        assertThat(config.realmReason("mariadb")).isEmpty();
        assertThat(config.redis().describe()).isEqualTo("redis://cache:6390/0");
    }

    @Test
    void offWithoutTheSessionSecretOrWithAWeakOne() {
        Map<String, String> env = secrets();
        env.remove("EXPRESS_SESSION_SECRET");
        assertThat(config(env).disabledReason()).hasValueSatisfying(r -> assertThat(r).contains("EXPRESS_SESSION_SECRET is unset"));
        assertThat(config(secrets("EXPRESS_SESSION_SECRET", "flowise")).disabledReason())
                .hasValueSatisfying(r -> assertThat(r).contains("EXPRESS_SESSION_SECRET").contains("weak"));
    }

    @Test
    void offWithoutTheTokenSecretsAndEveryReasonIsNamed() {
        BridgeConfig config = config(Map.of("EXPIRE_AUTH_TOKENS_ON_RESTART", "true"));
        assertThat(config.disabledReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("EXPIRE_AUTH_TOKENS_ON_RESTART", "EXPRESS_SESSION_SECRET", "JWT_AUTH_TOKEN_SECRET", "TOKEN_HASH_SECRET"));
        assertThat(config(secrets("TOKEN_HASH_SECRET", "popcorn")).disabledReason())
                .hasValueSatisfying(r -> assertThat(r).contains("TOKEN_HASH_SECRET"));
    }

    @Test
    void secureCookiesAndOriginFollowFlowisesRules() {
        BridgeConfig https = config(secrets("APP_URL", "https://flowise.example.com/"));
        assertThat(https.secureCookies()).isTrue();
        assertThat(https.appOrigin()).isEqualTo("https://flowise.example.com");
        assertThat(config(secrets("APP_URL", "http://127.0.0.1:8088")).appOrigin()).isEqualTo("http://127.0.0.1:8088");
        assertThat(config(secrets("APP_URL", "http://127.0.0.1:8088")).secureCookies()).isFalse();
    }
}

package io.github.flowisekeycloak.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.storage.FlowiseDb;
import io.github.flowisekeycloak.storage.PostgresFlowiseDb;
import io.github.flowisekeycloak.testing.Json;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge with Flowise in queue mode: sessions in the machine's Redis (connect-redis's
 * {@code sess:<sid>} keys with a time to live), Flowise's users read from PostgreSQL. Every case of
 * {@link BridgeCases}, plus the bridge's own index of the sessions it wrote.
 */
class BridgeRedisIT extends BridgeCases {

    private BridgeSite own;

    @Override
    BridgeSite site() {
        own = BridgeSite.start(Map.of("MODE", "queue", "REDIS_HOST", StoreRows.Redis.HOST,
                "REDIS_PORT", Integer.toString(StoreRows.Redis.PORT)));
        return own;
    }

    @Override
    FlowiseDb newDatabase() throws Exception {
        return new PostgresFlowiseDb("bridge_redis");
    }

    @Override
    StoreRows rows(FlowiseDb db) {
        return new StoreRows.Redis(realmId);
    }

    @Override
    String domain() {
        return "redis.bridge.example.com";
    }

    @Override
    void markIndexed(String sid, String value) throws Exception {
        ((StoreRows.Redis) rows).indexEntry(realmId, sid, value);
    }

    @Override
    void afterAll() {
        if (own != null) {
            own.close();
        }
    }

    @Test
    @Order(3)
    void theBridgeIndexesItsSessionsAndTheKeyLivesAsLongAsTheKeycloakSession() throws Exception {
        SiteBrowser browser = new SiteBrowser();
        assertThat(signIn(browser, email("carol")).status()).isEqualTo(200);
        String sid = sidOf(browser.jar.get("connect.sid").orElseThrow());
        String userId = admin.userId(REALM, email("carol"));
        JsonNode kcSessions = admin.get("/admin/realms/" + REALM + "/users/" + userId + "/sessions");
        String latest = kcSessions.get(kcSessions.size() - 1).get("id").asText();
        String index = ((StoreRows.Redis) rows).index(realmId);
        assertThat(index).contains(sid);
        assertThat(index.lines().filter(l -> l.startsWith(userId + " "))).isNotEmpty();
        long ttl = Long.parseLong(StoreRows.Redis.cli("PTTL", "sess:" + sid));
        assertThat(ttl).isBetween(NINETY_DAYS - 120_000, NINETY_DAYS);
        assertThat(Json.read(StoreRows.Redis.cli("GET", "sess:" + sid)).get("keycloakBridge").get("session").asText())
                .isIn(kcSessions.findValuesAsText("id"));
        assertThat(latest).isNotEmpty();
    }

    @Test
    @Order(4)
    void startUpLogsTheRedisStore() {
        assertThat(server.log()).contains("Flowise sessions go to Redis at redis://127.0.0.1:6379/0");
    }
}

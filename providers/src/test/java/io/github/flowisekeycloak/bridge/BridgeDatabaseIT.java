package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.storage.FlowiseComponents;
import io.github.flowisekeycloak.storage.FlowiseDb;
import io.github.flowisekeycloak.storage.MariaDbFlowiseDb;
import io.github.flowisekeycloak.storage.PostgresFlowiseDb;
import io.github.flowisekeycloak.storage.SqliteFlowiseDb;
import io.github.flowisekeycloak.testing.AdminApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge with Flowise's sessions in its own database (MODE unset): PostgreSQL, SQLite and MySQL
 * (MariaDB's server standing in for MySQL, reached with the MySQL driver in the mysql layout) each
 * run every case; a MariaDB database is the disabled case. One Keycloak and one nginx for all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeDatabaseIT {

    BridgeSite site;

    @BeforeAll
    void startSite() {
        site = BridgeSite.start(Map.of());
    }

    @AfterAll
    void stopSite() {
        if (site != null) {
            site.close();
        }
    }

    @Nested
    class Postgres extends BridgeCases {
        @Override
        BridgeSite site() {
            return BridgeDatabaseIT.this.site;
        }

        @Override
        FlowiseDb newDatabase() throws Exception {
            return new PostgresFlowiseDb("bridge");
        }

        @Override
        StoreRows rows(FlowiseDb db) {
            return new StoreRows.Table(db);
        }

        @Override
        String domain() {
            return "pg.bridge.example.com";
        }
    }

    @Nested
    class Sqlite extends BridgeCases {
        @Override
        BridgeSite site() {
            return BridgeDatabaseIT.this.site;
        }

        @Override
        FlowiseDb newDatabase() throws Exception {
            return new SqliteFlowiseDb();
        }

        @Override
        StoreRows rows(FlowiseDb db) {
            return new StoreRows.Table(db);
        }

        @Override
        String domain() {
            return "sqlite.bridge.example.com";
        }
    }

    /** Flowise on MySQL: express-mysql-session's table, written through the MySQL driver Keycloak ships. */
    @Nested
    class Mysql extends BridgeCases {
        @Override
        BridgeSite site() {
            return BridgeDatabaseIT.this.site;
        }

        @Override
        FlowiseDb newDatabase() throws Exception {
            return new MariaDbFlowiseDb("bridge_mysql") {
                @Override
                public Map<String, String> componentConfig() {
                    Map<String, String> config = new HashMap<>(super.componentConfig());
                    config.put("databaseType", "mysql");
                    return config;
                }
            };
        }

        @Override
        StoreRows rows(FlowiseDb db) {
            return new StoreRows.Table(db);
        }

        @Override
        String domain() {
            return "mysql.bridge.example.com";
        }
    }

    /** Flowise on MariaDB keeps sessions in memory: the realm cannot be bridged, and says so before any sign-in. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class MariaDb {

        @Test
        void theRealmIsNotBridgedAndNothingIsWritten() throws Exception {
            AdminApi admin = new AdminApi(site.keycloak);
            FlowiseComponents components = new FlowiseComponents(admin, BridgeCases.REALM);
            try (FlowiseDb db = new MariaDbFlowiseDb("bridge_mariadb")) {
                StoreRows rows = new StoreRows.Table(db);
                rows.prepare();
                String component = components.add("flowise-bridge-mariadb", db.componentConfig());
                try {
                    SiteBrowser browser = new SiteBrowser();
                    SiteBrowser.Page page = browser.get(site.bridgeUrl(BridgeCases.REALM));
                    assertThat(page.status()).isEqualTo(503);
                    assertThat(page.text()).contains("MariaDB").contains("MODE=queue");
                    assertThat(page.setCookies()).noneMatch(c -> c.startsWith("FLOWISE_BRIDGE_"));
                    assertThat(rows.count()).isZero();
                } finally {
                    components.remove(component);
                }
            }
        }
    }

    /** No Flowise user storage in the realm: the page says what to set up. */
    @Test
    void aRealmWithoutFlowiseUserStorageIsNotBridged() {
        SiteBrowser.Page page = new SiteBrowser().get(site.bridgeUrl(BridgeCases.REALM));
        assertThat(page.status()).isEqualTo(503);
        assertThat(page.text()).contains("no Flowise user storage");
    }

    /** Start-up says where sessions go. */
    @Test
    void startUpLogsWhereSessionsGo() {
        assertThat(site.keycloak.log()).contains("Flowise bridge enabled at /realms/{realm}/flowise-bridge")
                .contains("each realm's Flowise database").contains(site.origin());
    }
}

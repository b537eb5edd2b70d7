package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.cookie.CookieApiIT;
import io.github.flowisekeycloak.testing.KeycloakCluster;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.WithKeycloak;
import io.github.flowisekeycloak.testing.WithKeycloakCluster;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configurations in which no bridge can work: the endpoint answers a page saying why, start-up logs
 * it once, and Keycloak serves everything else. These reuse servers other tests start anyway (the
 * same environment strings); the rules themselves are unit-tested in BridgeConfigTest.
 */
class BridgeDisabledIT {

    /** The cookie API's server: every token secret, but no EXPRESS_SESSION_SECRET to sign connect.sid with. */
    @Nested
    @WithKeycloak(env = {
            "JWT_AUTH_TOKEN_SECRET=" + CookieApiIT.ACCESS_SECRET,
            "JWT_REFRESH_TOKEN_SECRET=" + CookieApiIT.REFRESH_SECRET,
            "TOKEN_HASH_SECRET=" + CookieApiIT.HASH_SECRET,
            "JWT_AUDIENCE=flowise-app",
            "JWT_ISSUER=flowise-it",
            "JWT_TOKEN_EXPIRY_IN_MINUTES=5",
            "JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES=30",
            "APP_URL=http://localhost:3000",
            "KC_SPI_REALM_RESTAPI_EXTENSION__FLOWISE__DEFAULT_WORKSPACE_ID=ws-default-1"})
    class WithoutTheSessionSecret {

        @Test
        void theBridgeSaysWhyAndKeycloakServesOn(KeycloakServer server) {
            SiteBrowser.Page page = new SiteBrowser().get(server.baseUrl() + "/realms/flowise/flowise-bridge");
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.text()).contains("switched off").contains("EXPRESS_SESSION_SECRET is unset");
            assertThat(page.setCookies()).noneMatch(c -> c.startsWith("FLOWISE_BRIDGE_"));
            assertThat(server.log()).contains("Flowise bridge (/realms/{realm}/flowise-bridge) is switched off: "
                    + "EXPRESS_SESSION_SECRET is unset");
            // The realm's own pages are unaffected.
            assertThat(new SiteBrowser().get(server.baseUrl() + "/realms/flowise/account").status()).isEqualTo(200);
        }

        @Test
        void aRealmThatIsNotManagedHasNoBridge(KeycloakServer server) {
            assertThat(new SiteBrowser().get(server.baseUrl() + "/realms/master/flowise-bridge").status()).isEqualTo(404);
        }
    }

    /** The cluster's nodes run with EXPIRE_AUTH_TOKENS_ON_RESTART=true: Flowise keeps its sessions in memory then. */
    @Nested
    @WithKeycloakCluster
    class WhenFlowiseExpiresTokensOnRestart {

        @Test
        void theBridgeSaysWhy(KeycloakCluster cluster) {
            KeycloakServer node = cluster.node(0);
            SiteBrowser.Page page = new SiteBrowser().get(node.baseUrl() + "/realms/flowise/flowise-bridge");
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.text()).contains("EXPIRE_AUTH_TOKENS_ON_RESTART=true makes Flowise keep its sessions in process memory");
            assertThat(node.log()).contains("Flowise bridge (/realms/{realm}/flowise-bridge) is switched off: "
                    + "EXPIRE_AUTH_TOKENS_ON_RESTART=true");
        }
    }
}

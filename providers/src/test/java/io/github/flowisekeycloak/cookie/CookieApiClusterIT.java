package io.github.flowisekeycloak.cookie;

import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.KeycloakCluster;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.WithKeycloakCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cookie API and EXPIRE_AUTH_TOKENS_ON_RESTART on a two-node cluster (SPEC section 8): a
 * session made on one node is the cluster's, and one node's start revokes what the other node
 * issued before it.
 */
@WithKeycloakCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CookieApiClusterIT {

    private static final String REALM = "flowise";
    private static final String PASSWORD = "Corr3ct-Horse!";
    private static final String HASH = "$2a$05$OEgFws9QrXxD9VnBty.f2ukeBy4VZ38JFAqslFDXAvp1Of2194cbm";

    private static KeycloakServer one;
    private static KeycloakServer two;
    private static AdminApi admin;

    @BeforeAll
    static void setUp(KeycloakCluster cluster) {
        one = cluster.node(0);
        two = cluster.node(1);
        admin = new AdminApi(one);
    }

    private static String newUser(String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Map<String, Object> user = new HashMap<>(AdminApi.userWithHash(email, "bcrypt", 5, HASH));
        user.put("firstName", "Clustered");
        user.put("lastName", "User");
        admin.createUser(REALM, user);
        return email;
    }

    @Test
    @Order(1)
    void aSessionMadeOnOneNodeLivesOnTheOtherAndEndsOnBoth() {
        String email = newUser("cluster-cookie");
        FlowiseApiClient onOne = new FlowiseApiClient(one, REALM);
        assertThat(onOne.login(email, PASSWORD).statusCode()).isEqualTo(200);
        FlowiseApiClient onTwo = onOne.on(two);
        assertThat(onTwo.check().statusCode()).as("node two knows node one's session").isEqualTo(200);
        assertThat(onTwo.refresh().statusCode()).isEqualTo(200);

        // An administrator on node two ends the session; node one stops refreshing at once.
        AdminApi.expectStatus(new AdminApi(two).send("POST", "/admin/realms/" + REALM + "/users/"
                + admin.userId(REALM, email) + "/logout", null), 204);
        HttpResponse<String> refused = onOne.refresh();
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(onOne.check().statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void restartingOneNodeRevokesWhatTheOtherNodeIssuedBefore() {
        String email = newUser("cluster-restart");
        FlowiseApiClient cookies = new FlowiseApiClient(one, REALM);
        assertThat(cookies.login(email, PASSWORD).statusCode()).isEqualTo(200);
        RealmLogin.PageResult oidc = new RealmLogin(one, REALM).throughLoginPage(email, PASSWORD);
        assertThat(oidc.signedIn()).as(oidc.errorMessage()).isTrue();
        String refreshToken = oidc.tokens().get("refresh_token").asText();
        assertThat(new RealmLogin(one, REALM).refresh(refreshToken).statusCode()).isEqualTo(200);

        // Only node two restarts; node one keeps running, yet its earlier tokens and sessions die.
        int mark = two.logMark();
        two.restart();
        assertThat(two.logSince(mark)).contains("EXPIRE_AUTH_TOKENS_ON_RESTART=true, every token and session issued before this start is revoked");

        HttpResponse<String> refreshed = new RealmLogin(one, REALM).refresh(refreshToken);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(400);
        assertThat(refreshed.body()).contains("invalid_grant");
        assertThat(cookies.refresh().statusCode()).isEqualTo(401);
        assertThat(cookies.check().statusCode()).isEqualTo(401);
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + admin.userId(REALM, email) + "/sessions")).isEmpty();

        // A new sign-in on node one works at once, and node two serves it.
        FlowiseApiClient again = new FlowiseApiClient(one, REALM);
        KeycloakServer.sleep(1100); // the realm's not-before has a one-second grain
        assertThat(again.login(email, PASSWORD).statusCode()).isEqualTo(200);
        assertThat(again.on(two).check().statusCode()).isEqualTo(200);
    }
}

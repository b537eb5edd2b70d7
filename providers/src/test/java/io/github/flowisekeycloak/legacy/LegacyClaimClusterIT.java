package io.github.flowisekeycloak.legacy;

import io.github.flowisekeycloak.testing.KeycloakCluster;
import io.github.flowisekeycloak.testing.LoginBrowser;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.WithKeycloakCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.github.flowisekeycloak.legacy.SetupPages.legacy;
import static io.github.flowisekeycloak.legacy.SetupPages.showsOwnerForm;
import static io.github.flowisekeycloak.testing.KeycloakCluster.LEGACY_PASSWORD;
import static io.github.flowisekeycloak.testing.KeycloakCluster.LEGACY_USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The legacy claim on a two-node cluster (SPEC sections 2 and 8): the one-time claim and the
 * lockout of the legacy step hold across nodes, because both live in the shared database and the
 * cluster-wide caches, not in a node's memory.
 */
@WithKeycloakCluster
class LegacyClaimClusterIT {

    private static KeycloakCluster cluster;
    private static SetupPages nodeOne;
    private static SetupPages nodeTwo;

    @BeforeAll
    static void setUp(KeycloakCluster keycloakCluster) {
        cluster = keycloakCluster;
        nodeOne = new SetupPages(cluster.node(0));
        nodeTwo = new SetupPages(cluster.node(1));
    }

    @Test
    void twoClaimsAtOnceOnTwoNodesMakeExactlyOneOwner() throws Exception {
        String realm = nodeOne.freshRealm("cluster-race");
        nodeOne.admin().createDirectGrantClient(realm, "it-direct-grant");
        String[][] claimants = {{"node-one@example.com", "N0de-One!pass"}, {"node-two@example.com", "N0de-Two!pass"}};
        List<SetupPages> nodes = List.of(nodeOne, nodeTwo);
        List<LoginBrowser> browsers = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (SetupPages node : nodes) {
            LoginBrowser person = node.browser(realm);
            browsers.add(person);
            actions.add(node.ownerFormAction(person, LEGACY_USER, LEGACY_PASSWORD));
        }
        int winner = SetupPages.submitOwnerFormsAtOnce(browsers, actions, claimants, "Node Racer").winner();
        int loser = 1 - winner;
        // Both nodes see the same single owner, whose password is the winner's.
        for (SetupPages node : nodes) {
            assertThat(node.ownerEmails(realm)).containsExactly(claimants[winner][0]);
            assertThat(node.users(realm)).hasSize(1);
        }
        RealmLogin onTheOtherNode = new RealmLogin(cluster.node(loser), realm);
        assertThat(onTheOtherNode.passwordGrant("it-direct-grant", claimants[winner][0], claimants[winner][1]).statusCode())
                .isEqualTo(200);
        assertThat(onTheOtherNode.passwordGrant("it-direct-grant", claimants[winner][0], claimants[loser][1]).statusCode())
                .isEqualTo(RealmLogin.refusedGrantStatus());
        // The setup link is gone on both nodes.
        for (SetupPages node : nodes) {
            assertThat(node.browser(realm).openLoginPage().html().selectFirst(SetupPages.SETUP_LINK)).isNull();
        }
    }

    @Test
    void guessesSpreadOverBothNodesShareOneLockout() {
        String realm = nodeOne.freshRealm("cluster-lockout");
        List<SetupPages> nodes = List.of(nodeOne, nodeTwo);
        int maxFailures = 5;
        for (int i = 1; i <= maxFailures; i++) {
            SetupPages node = nodes.get(i % 2);
            LoginBrowser guesser = node.browser(realm);
            LoginBrowser.Step page = legacy(guesser, node.openSetupFromLoginPage(guesser), LEGACY_USER, "Guess-" + i);
            assertThat(showsOwnerForm(page)).isFalse();
            // The guess that reaches the limit already answers with the lockout (as on one node).
            assertThat(page.text()).as("guess %d on node %d", i, i % 2 + 1)
                    .contains(i < maxFailures ? "Authentication failed" : "Too many failed attempts");
        }
        // Neither node lets the right pair through now: the count is the cluster's, not a node's.
        for (SetupPages node : nodes) {
            LoginBrowser rightful = node.browser(realm);
            LoginBrowser.Step page = legacy(rightful, node.openSetupFromLoginPage(rightful), LEGACY_USER, LEGACY_PASSWORD);
            assertThat(showsOwnerForm(page)).isFalse();
            assertThat(page.text()).contains("Too many failed attempts");
        }
        assertThat(nodeTwo.users(realm)).isEmpty();
    }
}

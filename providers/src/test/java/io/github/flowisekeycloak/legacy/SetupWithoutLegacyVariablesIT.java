package io.github.flowisekeycloak.legacy;

import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.LoginBrowser;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 3, case 6: FLOWISE_USERNAME / FLOWISE_PASSWORD unset and no owner (the default server). */
@WithKeycloak
class SetupWithoutLegacyVariablesIT {

    @Test
    void case6_theSetupPageExplainsWhatToDoAndCreatesNothing(KeycloakServer server) {
        SetupPages pages = new SetupPages(server);
        String realm = pages.freshRealm("case6");
        LoginBrowser person = pages.browser(realm);

        LoginBrowser.Step page = pages.openSetupFromLoginPage(person);
        assertThat(SetupPages.showsLegacyForm(page)).isFalse();
        assertThat(SetupPages.showsOwnerForm(page)).isFalse();
        assertThat(page.html().select("form")).as("nothing to submit").isEmpty();
        assertThat(page.text()).contains("FLOWISE_USERNAME", "FLOWISE_PASSWORD", "admin console", "owner");
        // The stable URL says the same.
        assertThat(person.openRegistrationPage().text()).contains("FLOWISE_USERNAME", "admin console");

        assertThat(pages.users(realm)).isEmpty();
        assertThat(pages.claimRecord(realm)).isNull();
        assertThat(pages.realm(realm).path("registrationAllowed").asBoolean()).isTrue();
    }
}

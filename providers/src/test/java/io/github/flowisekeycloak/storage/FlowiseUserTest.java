package io.github.flowisekeycloak.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlowiseUserTest {

    static FlowiseUser user(String name, String email, String hash, String status, String role) {
        return new FlowiseUser("3f1b6f0e-6a43-4a8e-9a8e-0b6f7f3b2c11", name, email, hash, status, role, null);
    }

    @Test
    void onlyActiveAndUnverifiedRowsWithAHashMayPresentAPassword() {
        String hash = "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6";
        assertThat(user("A", "a@x", hash, "active", null).mayPresentPassword()).isTrue();
        assertThat(user("A", "a@x", hash, "unverified", null).mayPresentPassword()).isTrue();
        assertThat(user("A", "a@x", null, "invited", null).mayPresentPassword()).isFalse();
        assertThat(user("A", "a@x", " ", "active", null).mayPresentPassword()).isFalse();
        assertThat(user("A", "a@x", hash, "invited", null).mayPresentPassword()).isFalse();
        assertThat(user("A", "a@x", hash, "deleted", null).mayPresentPassword()).isFalse();
        assertThat(user("A", "a@x", hash, "something-new", null).mayPresentPassword()).isFalse();
        assertThat(user("A", "a@x", null, "active", null).active()).isFalse();
    }

    @Test
    void costComesFromTheHash() {
        assertThat(user("A", "a@x", "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6", "active", null).bcryptCost()).isEqualTo(10);
        assertThat(user("A", "a@x", "$2b$05$X1v.5ABODSBpnpvCtZwCee4tvSJDmnyP0H1jb3xNZq1QmlBHWQ28y", "active", null).bcryptCost()).isEqualTo(5);
        assertThat(user("A", "a@x", "garbage", "active", null).bcryptCost()).isEqualTo(-1);
        assertThat(user("A", "a@x", "$2a$xx$abc", "active", null).bcryptCost()).isEqualTo(-1);
    }

    @Test
    void namesAreSplitAtTheFirstSpaceAndTheEmailIsNoName() {
        FlowiseUser alice = user("  Alice  van Liddell ", "Alice@Example.com", null, "active", null);
        assertThat(alice.firstName()).isEqualTo("Alice");
        assertThat(alice.lastName()).isEqualTo("van Liddell");
        assertThat(alice.keycloakUsername()).isEqualTo("alice@example.com");
        FlowiseUser single = user("Cher", "c@x", null, "active", null);
        assertThat(single.firstName()).isEqualTo("Cher");
        assertThat(single.lastName()).isNull();
        FlowiseUser byDefault = user("bob@example.com", "Bob@Example.com", null, "active", null);
        assertThat(byDefault.firstName()).isNull();
        assertThat(byDefault.lastName()).isNull();
    }

    @Test
    void ownerOnlyForTheOwnerRole() {
        assertThat(user("A", "a@x", null, "active", "owner").owner()).isTrue();
        assertThat(user("A", "a@x", null, "active", "member").owner()).isFalse();
        assertThat(user("A", "a@x", null, "active", "personal workspace").owner()).isFalse();
        assertThat(user("A", "a@x", null, "active", null).owner()).isFalse();
    }

    @Test
    void toStringShowsNeitherEmailNorHash() {
        FlowiseUser u = user("A", "secret@x", "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6", "active", null);
        assertThat(u.toString()).doesNotContain("secret@x").doesNotContain("$2a$");
    }
}

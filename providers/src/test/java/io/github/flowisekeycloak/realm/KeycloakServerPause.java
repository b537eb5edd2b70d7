package io.github.flowisekeycloak.realm;

/** A real wait, for lifetimes measured by the server's own clock (never faked). */
final class KeycloakServerPause {

    private KeycloakServerPause() {
    }

    static void seconds(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

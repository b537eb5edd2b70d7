package io.github.flowisekeycloak.realm;

import org.keycloak.provider.Provider;

/** The (empty) provider type of {@link ManagedRealmSpi}: all the work happens once, at start-up. */
public interface ManagedRealmProvider extends Provider {
}

package io.github.flowisekeycloak.realm;

import org.keycloak.provider.ProviderFactory;

/** Factory type of {@link ManagedRealmSpi}. */
public interface ManagedRealmProviderFactory extends ProviderFactory<ManagedRealmProvider> {
}

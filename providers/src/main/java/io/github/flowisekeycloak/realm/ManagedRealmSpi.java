package io.github.flowisekeycloak.realm;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * A small SPI of our own, only so that a factory exists whose {@code postInit} can apply Flowise's
 * settings to the managed realms at start-up. No other SPI fits without side effects (an event
 * listener would show in every realm's listener list, a REST resource would open an endpoint).
 */
public final class ManagedRealmSpi implements Spi {

    public static final String NAME = "flowise-managed-realm";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return ManagedRealmProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ManagedRealmProviderFactory.class;
    }
}

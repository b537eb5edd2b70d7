package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * A global event listener (every realm, nothing to switch on): when Keycloak reports that sessions
 * ended (a sign-out, an administrator ending a session, signing a user or the realm out, deleting or
 * changing a user), the bridged Flowise sessions go too, right after the change is committed. The
 * sweep catches what no event announces (expiry) and anything this missed.
 */
public final class FlowiseBridgeEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "flowise-bridge";

    private BridgeConfig config;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public void init(Config.Scope scope) {
        config = BridgeConfig.from(FlowiseSettings.fromEnvironment());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new FlowiseBridgeEventListener(session, sessionFactory, config);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

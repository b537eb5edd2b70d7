package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.realm.FlowiseRealmSettingsFactory;
import io.github.flowisekeycloak.storage.FlowiseDatabase;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Optional;

/**
 * Where the bridge reads and writes for a realm: Flowise's database (the realm's {@code flowise}
 * user-storage component) for users and workspaces, and Flowise's session store: that database's
 * session table, or Redis in queue mode.
 */
record BridgeTarget(FlowiseDatabase database, SessionStore store) {

    /** Why a realm cannot be bridged; the message says what to change. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    static BridgeTarget of(KeycloakSession session, RealmModel realm, BridgeConfig config) throws Unavailable {
        FlowiseDatabase database = database(session, realm)
                .orElseThrow(() -> new Unavailable("the realm has no Flowise user storage (User federation, provider 'flowise'): "
                        + "the bridge reads Flowise's users and workspaces through it"));
        Optional<String> reason = config.realmReason(database.type());
        if (reason.isPresent()) {
            throw new Unavailable(reason.get());
        }
        return new BridgeTarget(database, store(config, database));
    }

    /** Only the session store, for ending sessions: in queue mode it does not need Flowise's database. */
    static Optional<SessionStore> storeOnly(KeycloakSession session, RealmModel realm, BridgeConfig config) throws Unavailable {
        if (!"true".equals(realm.getAttribute(FlowiseRealmSettingsFactory.MANAGED_ATTRIBUTE))) {
            return Optional.empty(); // the bridge never signs anyone in from such a realm
        }
        if (config.store() == BridgeConfig.Store.REDIS) {
            return Optional.of(new RedisSessionStore(config.redis()));
        }
        Optional<FlowiseDatabase> database = database(session, realm);
        if (database.isEmpty() || config.realmReason(database.get().type()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(store(config, database.get()));
    }

    private static SessionStore store(BridgeConfig config, FlowiseDatabase database) {
        return config.store() == BridgeConfig.Store.REDIS ? new RedisSessionStore(config.redis()) : new DatabaseSessionStore(database);
    }

    private static Optional<FlowiseDatabase> database(KeycloakSession session, RealmModel realm) throws Unavailable {
        try {
            return FlowiseDatabase.of(session, realm);
        } catch (IllegalStateException e) {
            throw new Unavailable(e.getMessage());
        }
    }
}

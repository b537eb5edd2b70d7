package io.github.flowisekeycloak.bridge;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Ends the Flowise sessions the bridge wrote when their Keycloak session ends: by session (a
 * sign-out), by user (an administrator signing a user out, deleting or disabling them), by realm
 * (sign out all), or whatever is no longer alive (the sweep, which also catches expiry).
 */
final class BridgedSessions {

    private final KeycloakSession session;
    private final BridgeConfig config;

    BridgedSessions(KeycloakSession session, BridgeConfig config) {
        this.session = session;
        this.config = config;
    }

    int endSession(RealmModel realm, String keycloakSessionId) throws SessionStoreException, BridgeTarget.Unavailable {
        return end(realm, b -> keycloakSessionId.equals(b.keycloakSessionId()));
    }

    /** The user's bridged sessions whose Keycloak session is no longer alive (all of them once the user is gone or disabled). */
    int endUser(RealmModel realm, String keycloakUserId) throws SessionStoreException, BridgeTarget.Unavailable {
        return end(realm, b -> keycloakUserId.equals(b.keycloakUserId()) && !alive(realm, b));
    }

    int endRealm(RealmModel realm) throws SessionStoreException, BridgeTarget.Unavailable {
        return end(realm, b -> true);
    }

    /** Removes every bridged session whose Keycloak session ended for any reason (expiry included). */
    int sweep(RealmModel realm) throws SessionStoreException, BridgeTarget.Unavailable {
        Optional<SessionStore> store = BridgeTarget.storeOnly(session, realm, config);
        if (store.isEmpty()) {
            return 0;
        }
        int removed = end(store.get(), realm, b -> !alive(realm, b));
        if (store.get() instanceof RedisSessionStore redis) {
            redis.forgetVanished(realm.getId());
        }
        return removed;
    }

    private int end(RealmModel realm, Predicate<SessionStore.Bridged> which) throws SessionStoreException, BridgeTarget.Unavailable {
        Optional<SessionStore> store = BridgeTarget.storeOnly(session, realm, config);
        return store.isEmpty() ? 0 : end(store.get(), realm, which);
    }

    private static int end(SessionStore store, RealmModel realm, Predicate<SessionStore.Bridged> which) throws SessionStoreException {
        List<String> sids = store.bridged(realm.getId()).stream().filter(which).map(SessionStore.Bridged::sid).toList();
        return store.remove(realm.getId(), sids);
    }

    /** The Keycloak session still exists, is signed in and valid (idle and max), for the same enabled user. */
    private boolean alive(RealmModel realm, SessionStore.Bridged bridged) {
        if (bridged.keycloakSessionId() == null || bridged.keycloakSessionId().isEmpty()) {
            return false;
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, bridged.keycloakSessionId());
        if (userSession == null || userSession.getState() != UserSessionModel.State.LOGGED_IN
                || !AuthenticationManager.isSessionValid(realm, userSession)) {
            return false;
        }
        UserModel user = userSession.getUser();
        return user != null && user.isEnabled() && user.getId().equals(bridged.keycloakUserId());
    }
}

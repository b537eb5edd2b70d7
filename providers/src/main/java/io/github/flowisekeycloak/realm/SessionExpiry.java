package io.github.flowisekeycloak.realm;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;

import java.util.List;

/**
 * {@code EXPIRE_AUTH_TOKENS_ON_RESTART=true}: nothing issued before this start keeps working.
 * Keycloak 26 persists sessions across restarts, so this is done explicitly: the realm's not-before
 * (every token, refresh and offline token and identity cookie issued earlier is "stale") plus the
 * removal of every online and offline user session. On a cluster each node's start does it again.
 */
final class SessionExpiry {

    private static final int BATCH = 200;

    private SessionExpiry() {
    }

    /** Answers how many offline sessions were removed (online ones are removed in bulk, uncounted). */
    static int expireEverything(KeycloakSession session, RealmModel realm) {
        realm.setNotBefore(Time.currentTime());
        UserSessionProvider sessions = session.sessions();
        sessions.removeUserSessions(realm);
        int removed = 0;
        for (ClientModel client : realm.getClientsStream().toList()) {
            while (true) {
                List<UserSessionModel> batch = sessions.getOfflineUserSessionsStream(realm, client, 0, BATCH).toList();
                if (batch.isEmpty()) {
                    break;
                }
                int before = removed;
                for (UserSessionModel offline : batch) {
                    sessions.removeOfflineUserSession(realm, offline);
                    removed++;
                }
                if (batch.size() < BATCH || removed == before) {
                    break;
                }
            }
        }
        return removed;
    }
}

package io.github.flowisekeycloak.cookie;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.Optional;

/**
 * The Keycloak user sessions behind the cookies: created at login (persistent, so they survive a
 * restart and show in the admin console), looked up on every refresh and check, ended at logout.
 * The only class here that touches Keycloak's session internals.
 */
final class UserSessions {

    static final String AUTH_METHOD = "flowise-cookie-api";

    private final KeycloakSession session;
    private final RealmModel realm;

    UserSessions(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    UserSessionModel start(UserModel user, ClientModel client) {
        UserSessionModel userSession = session.sessions().createUserSession(KeycloakModelUtils.generateId(), realm, user,
                user.getUsername(), session.getContext().getConnection().getRemoteAddr(), AUTH_METHOD, false, null, null,
                UserSessionModel.SessionPersistenceState.PERSISTENT);
        // Keycloak's login flows mark the session signed in at the end of authentication; we are that end.
        userSession.setState(UserSessionModel.State.LOGGED_IN);
        session.sessions().createClientSession(realm, client, userSession);
        return userSession;
    }

    /**
     * The live session a token names: it exists, has not timed out, is signed in, belongs to an
     * enabled user, and the token was issued after the realm's not-before (set by an administrator's
     * "sign out all" or EXPIRE_AUTH_TOKENS_ON_RESTART).
     */
    Optional<UserSessionModel> live(FlowiseJwt.Claims claims) {
        UserSessionModel userSession = session.sessions().getUserSession(realm, claims.sessionId());
        if (userSession == null || userSession.getState() != UserSessionModel.State.LOGGED_IN
                || !AuthenticationManager.isSessionValid(realm, userSession)) {
            return Optional.empty();
        }
        UserModel user = userSession.getUser();
        if (user == null || !user.isEnabled() || claims.iat() < realm.getNotBefore()) {
            return Optional.empty();
        }
        return Optional.of(userSession);
    }

    void touch(UserSessionModel userSession) {
        userSession.setLastSessionRefresh(Time.currentTime());
    }

    void end(UserSessionModel userSession) {
        session.sessions().removeUserSession(realm, userSession);
    }
}

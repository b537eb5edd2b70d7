package io.github.flowisekeycloak.cookie;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * Mints the two Flowise tokens for a user session. Lifetimes: JWT_TOKEN_EXPIRY_IN_MINUTES and
 * JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES when set, else the realm's access-token lifespan and SSO
 * session maximum (which the realm settings set from the same variables), so console edits count.
 * The bridge mints the same tokens for a Flowise user it read from Flowise's database.
 */
public final class TokenPair {

    private final CookieApiConfig config;
    private final RealmModel realm;
    private final long now;

    public TokenPair(CookieApiConfig config, RealmModel realm, long nowSeconds) {
        this.config = config;
        this.realm = realm;
        this.now = nowSeconds;
    }

    String access(UserModel user, UserSessionModel userSession) {
        return access(FlowiseUserView.id(user), FlowiseUserView.name(user),
                FlowiseUserView.workspaceId(user, config.defaultWorkspaceId()), userSession.getId());
    }

    String refresh(UserModel user, UserSessionModel userSession) {
        return refresh(FlowiseUserView.id(user), FlowiseUserView.name(user),
                FlowiseUserView.workspaceId(user, config.defaultWorkspaceId()), userSession.getId(), Long.MAX_VALUE);
    }

    /**
     * The {@code token} of Flowise user {@code flowiseUserId} (display name {@code name}, active
     * workspace {@code workspaceId}) backed by the Keycloak session {@code keycloakSessionId}.
     */
    public String access(String flowiseUserId, String name, String workspaceId, String keycloakSessionId) {
        long lifetime = config.accessMinutes().isPresent() ? config.accessMinutes().getAsInt() * 60L : realm.getAccessTokenLifespan();
        return FlowiseJwt.sign(claims(flowiseUserId, name, workspaceId, keycloakSessionId, now + lifetime, FlowiseJwt.Kind.ACCESS),
                config.audience(), config.issuer(), config.accessSecret());
    }

    /** The {@code refreshToken} for the same; it expires at {@code notAfterSeconds} at the latest (e.g. the session's end). */
    public String refresh(String flowiseUserId, String name, String workspaceId, String keycloakSessionId, long notAfterSeconds) {
        long lifetime = config.refreshMinutes().isPresent() ? config.refreshMinutes().getAsInt() * 60L : realm.getSsoSessionMaxLifespan();
        return FlowiseJwt.sign(claims(flowiseUserId, name, workspaceId, keycloakSessionId, Math.min(now + lifetime, notAfterSeconds),
                FlowiseJwt.Kind.REFRESH), config.audience(), config.issuer(), config.refreshSecret());
    }

    private FlowiseJwt.Claims claims(String id, String name, String workspaceId, String sessionId, long exp, FlowiseJwt.Kind kind) {
        String meta = new MetaCipher(config.tokenHashSecret()).encrypt(id, workspaceId);
        return new FlowiseJwt.Claims(id, name, meta, now, exp, sessionId, kind);
    }
}

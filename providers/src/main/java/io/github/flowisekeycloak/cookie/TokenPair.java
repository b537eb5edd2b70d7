package io.github.flowisekeycloak.cookie;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * Mints the two Flowise tokens for a user session. Lifetimes: JWT_TOKEN_EXPIRY_IN_MINUTES and
 * JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES when set, else the realm's access-token lifespan and SSO
 * session maximum (which the realm settings set from the same variables), so console edits count.
 */
final class TokenPair {

    private final CookieApiConfig config;
    private final RealmModel realm;
    private final long now;

    TokenPair(CookieApiConfig config, RealmModel realm, long nowSeconds) {
        this.config = config;
        this.realm = realm;
        this.now = nowSeconds;
    }

    String access(UserModel user, UserSessionModel userSession) {
        long lifetime = config.accessMinutes().isPresent() ? config.accessMinutes().getAsInt() * 60L : realm.getAccessTokenLifespan();
        return FlowiseJwt.sign(claims(user, userSession, lifetime, FlowiseJwt.Kind.ACCESS), config.audience(), config.issuer(),
                config.accessSecret());
    }

    String refresh(UserModel user, UserSessionModel userSession) {
        long lifetime = config.refreshMinutes().isPresent() ? config.refreshMinutes().getAsInt() * 60L : realm.getSsoSessionMaxLifespan();
        return FlowiseJwt.sign(claims(user, userSession, lifetime, FlowiseJwt.Kind.REFRESH), config.audience(), config.issuer(),
                config.refreshSecret());
    }

    private FlowiseJwt.Claims claims(UserModel user, UserSessionModel userSession, long lifetime, FlowiseJwt.Kind kind) {
        String id = FlowiseUserView.id(user);
        String meta = new MetaCipher(config.tokenHashSecret()).encrypt(id, FlowiseUserView.workspaceId(user, config.defaultWorkspaceId()));
        return new FlowiseJwt.Claims(id, FlowiseUserView.name(user), meta, now, now + lifetime, userSession.getId(), kind);
    }
}

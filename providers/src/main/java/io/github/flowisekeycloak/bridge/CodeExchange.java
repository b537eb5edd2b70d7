package io.github.flowisekeycloak.bridge;

import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.protocol.oidc.utils.OAuth2CodeParser;
import org.keycloak.services.managers.AuthenticationManager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The authorization code's one use, in-process: the checks Keycloak's token endpoint makes for the
 * authorization-code grant (the code exists and was not used, is fresh, was issued to this client
 * for this redirect URI, its user and session are alive, the PKCE verifier matches the S256
 * challenge), without issuing OIDC tokens. Parsing the code removes it from Keycloak's single-use
 * store, so a second callback with the same code fails, and (as Keycloak's own endpoint does) a
 * reused code detaches its client session.
 */
final class CodeExchange {

    /** The signed-in session, or what failed (a short reason for the page; details go to the event). */
    record Result(Optional<UserSessionModel> userSession, Optional<String> failure) {
        static Result ok(UserSessionModel userSession) {
            return new Result(Optional.of(userSession), Optional.empty());
        }

        static Result failed(String failure) {
            return new Result(Optional.empty(), Optional.of(failure));
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EventBuilder event;

    CodeExchange(KeycloakSession session, RealmModel realm, EventBuilder event) {
        this.session = session;
        this.realm = realm;
        this.event = event;
    }

    Result exchange(String code, String redirectUri, String verifier, String clientId) {
        if (code == null || code.isBlank() || code.length() > 2048) {
            return fail(Errors.INVALID_CODE, "missing code", "the sign-in returned no code");
        }
        OAuth2CodeParser.ParseResult parsed = OAuth2CodeParser.parseCode(session, code, realm, event);
        if (parsed.isIllegalCode()) {
            AuthenticatedClientSessionModel clientSession = parsed.getClientSession();
            if (clientSession != null) {
                clientSession.detachFromUserSession();
            }
            return fail(Errors.INVALID_CODE, "code not valid or already used", "the sign-in code is not valid or was already used");
        }
        if (parsed.isExpiredCode()) {
            return fail(Errors.EXPIRED_CODE, "code expired", "the sign-in code expired");
        }
        AuthenticatedClientSessionModel clientSession = parsed.getClientSession();
        UserSessionModel userSession = clientSession == null ? null : clientSession.getUserSession();
        if (userSession == null) {
            return fail(Errors.USER_SESSION_NOT_FOUND, "user session not found", "the realm session is gone");
        }
        UserModel user = userSession.getUser();
        if (user == null) {
            return fail(Errors.USER_NOT_FOUND, "user not found", "the realm user is gone");
        }
        event.user(user);
        if (!user.isEnabled()) {
            return fail(Errors.USER_DISABLED, "user disabled", "the account is disabled");
        }
        OAuth2Code data = parsed.getCodeData();
        if (!clientId.equals(clientSession.getClient().getClientId())) {
            return fail(Errors.INVALID_CLIENT, "code issued to another client", "the sign-in code belongs to another application");
        }
        if (data.getRedirectUriParam() == null || !data.getRedirectUriParam().equals(redirectUri)) {
            return fail(Errors.INVALID_REDIRECT_URI, "code issued for another redirect URI", "the sign-in code belongs to another address");
        }
        if (!AuthenticationManager.isSessionValid(realm, userSession)) {
            return fail(Errors.USER_SESSION_NOT_FOUND, "session not active", "the realm session has ended");
        }
        if (!"S256".equals(data.getCodeChallengeMethod()) || data.getCodeChallenge() == null
                || !MessageDigest.isEqual(BridgeState.s256(verifier).getBytes(StandardCharsets.US_ASCII),
                data.getCodeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            return fail(Errors.PKCE_VERIFICATION_FAILED, "PKCE verification failed", "the sign-in was not started by this browser");
        }
        event.session(userSession);
        return Result.ok(userSession);
    }

    private Result fail(String error, String reason, String pageText) {
        event.detail(Details.REASON, reason).error(error);
        return Result.failed(pageText);
    }
}

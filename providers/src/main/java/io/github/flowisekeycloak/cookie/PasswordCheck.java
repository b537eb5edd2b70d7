package io.github.flowisekeycloak.cookie;

import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Optional;

/**
 * Email and password checked the way Keycloak's own login form checks them: the same user lookup
 * (local users, then user storage), the same credential providers (bcrypt), the same brute-force
 * detector, an event for every outcome. Then the reasons a password-only endpoint must not sign
 * someone in although the password is right: a disabled account, pending required actions, or a
 * second factor that only the browser sign-in can ask for.
 */
final class PasswordCheck {

    enum Outcome { SIGNED_IN, INVALID_CREDENTIALS, DISABLED, REQUIRED_ACTIONS, SECOND_FACTOR }

    record Result(Outcome outcome, Optional<UserModel> user) {
    }

    /**
     * A real cost-10 bcryptjs hash, verified (result ignored) for unknown or locked accounts so that
     * the answer takes as long as a real check and timing does not tell which emails exist.
     */
    private static final PasswordCredentialModel DECOY = PasswordCredentialModel.createFromValues("bcrypt", new byte[0], 10,
            "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6");

    private final KeycloakSession session;
    private final RealmModel realm;

    PasswordCheck(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Result check(String email, String password, EventBuilder event) {
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, realm, email);
        if (user == null) {
            spendTheTimeOfOneVerify(password);
            event.error(Errors.USER_NOT_FOUND);
            return new Result(Outcome.INVALID_CREDENTIALS, Optional.empty());
        }
        event.user(user);
        BruteForceDetector detector = new BruteForceDetector(session, realm);
        if (detector.isLockedOut(user)) {
            spendTheTimeOfOneVerify(password);
            event.error(Errors.USER_TEMPORARILY_DISABLED);
            return new Result(Outcome.INVALID_CREDENTIALS, Optional.empty());
        }
        if (!user.credentialManager().isValid(UserCredentialModel.password(password))) {
            detector.failed(user);
            event.error(Errors.INVALID_USER_CREDENTIALS);
            return new Result(Outcome.INVALID_CREDENTIALS, Optional.empty());
        }
        // Only someone who knows the password learns why they must use the browser sign-in.
        if (!user.isEnabled()) {
            event.error(Errors.USER_DISABLED);
            return new Result(Outcome.DISABLED, Optional.empty());
        }
        if (user.getRequiredActionsStream().findAny().isPresent()) {
            event.error(Errors.RESOLVE_REQUIRED_ACTIONS);
            return new Result(Outcome.REQUIRED_ACTIONS, Optional.empty());
        }
        if (hasSecondFactor(user)) {
            event.error("second_factor_required");
            return new Result(Outcome.SECOND_FACTOR, Optional.empty());
        }
        detector.succeeded(user);
        return new Result(Outcome.SIGNED_IN, Optional.of(user));
    }

    /** Any stored credential other than the password (OTP, passkeys, recovery codes) is a second factor. */
    private static boolean hasSecondFactor(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(credential -> !PasswordCredentialModel.TYPE.equals(credential.getType())
                        && !PasswordCredentialModel.PASSWORD_HISTORY.equals(credential.getType()));
    }

    private void spendTheTimeOfOneVerify(String password) {
        PasswordHashProvider bcrypt = session.getProvider(PasswordHashProvider.class, "bcrypt");
        if (bcrypt != null) {
            bcrypt.verify(password, DECOY);
        }
    }
}

package io.github.flowisekeycloak.cookie;

import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * Keycloak's brute-force detector for a password checked outside the login flow, called the way
 * the running release expects. Keycloak 26.7 added the authentication's credential types to
 * {@code failedLogin}/{@code successfulLogin} (and counts nothing when they are missing); 26.5, the
 * release we build on, has the four-argument form. The jar is built on 26.5 and also runs on 26.7,
 * so the form is found once, by reflection, instead of failing with {@code NoSuchMethodError}.
 */
final class BruteForceDetector {

    /** What this check authenticates with, in 26.7's terms: a password. */
    private static final Set<String> PASSWORD = Set.of(PasswordCredentialModel.TYPE);
    private static final Method FAILED = find("failedLogin");
    private static final Method SUCCESSFUL = find("successfulLogin");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final BruteForceProtector protector;

    BruteForceDetector(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.protector = session.getProvider(BruteForceProtector.class);
    }

    boolean isLockedOut(UserModel user) {
        return realm.isBruteForceProtected()
                && (protector.isPermanentlyLockedOut(session, realm, user) || protector.isTemporarilyDisabled(session, realm, user));
    }

    void failed(UserModel user) {
        record(FAILED, user);
    }

    void succeeded(UserModel user) {
        record(SUCCESSFUL, user);
    }

    private void record(Method method, UserModel user) {
        if (!realm.isBruteForceProtected()) {
            return;
        }
        ClientConnection connection = session.getContext().getConnection();
        UriInfo uri = session.getContext().getUri();
        Object[] args = method.getParameterCount() == 5
                ? new Object[] {realm, user, connection, uri, PASSWORD}
                : new Object[] {realm, user, connection, uri};
        try {
            method.invoke(protector, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The release's form of {@code name}: with the credential types (26.7+) if it has it, else without. */
    private static Method find(String name) {
        try {
            return BruteForceProtector.class.getMethod(name, RealmModel.class, UserModel.class, ClientConnection.class,
                    UriInfo.class, Set.class);
        } catch (NoSuchMethodException before267) {
            try {
                return BruteForceProtector.class.getMethod(name, RealmModel.class, UserModel.class, ClientConnection.class,
                        UriInfo.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("This Keycloak's BruteForceProtector has no known " + name + " method", e);
            }
        }
    }
}

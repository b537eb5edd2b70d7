package io.github.flowisekeycloak.storage;

import io.github.flowisekeycloak.password.BcryptPasswordHashProviderFactory;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageUtil;
import org.keycloak.storage.user.UserLookupProvider;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Finds Flowise users that Keycloak does not know yet and migrates each on its first good password.
 * Keycloak looks in its own users first, so this is only asked about people not migrated yet; a
 * Flowise database that fails makes the lookup answer "no such user" (logged, throttled), so local
 * users never depend on it.
 *
 * <p>Deliberately not an {@code ImportedUserValidation}: migrated users carry no federation link,
 * and pending ones must not turn read-only when Flowise's database is down (keycloak#45889).
 */
final class FlowiseUserStorageProvider implements UserStorageProvider, UserLookupProvider, CredentialInputValidator {

    private static final Logger LOG = Logger.getLogger(FlowiseUserStorageProvider.class);

    private final KeycloakSession session;
    private final ComponentModel model;
    private final FlowiseUserStorageProviderFactory factory;

    FlowiseUserStorageProvider(KeycloakSession session, ComponentModel model, FlowiseUserStorageProviderFactory factory) {
        this.session = session;
        this.model = model;
        this.factory = factory;
    }

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        String flowiseId = StorageId.externalId(id);
        return pendingUser(realm, "lookup by Flowise id", () -> directory().findById(flowiseId));
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        // Flowise signs people in by email; a Keycloak username of a migrated user is that email.
        return getUserByEmail(realm, username);
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        return pendingUser(realm, "lookup by email", () -> directory().findByEmail(email));
    }

    private interface Query {
        Optional<FlowiseUser> run() throws SQLException;
    }

    private UserModel pendingUser(RealmModel realm, String what, Query query) {
        Optional<FlowiseUser> row;
        try {
            row = query.run();
            factory.warnings().recovered(model.getId());
        } catch (SQLException | RuntimeException e) {
            factory.warnings().warn(model.getName(), model.getId(), what, e);
            return null;
        }
        // Deleted rows do not exist; invited rows (no hash) fail exactly as an unknown user does.
        if (row.isEmpty() || !row.get().mayPresentPassword()) {
            return null;
        }
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        if (local.getUserByUsername(realm, row.get().keycloakUsername()) != null || local.getUserById(realm, row.get().id()) != null) {
            return null; // a Keycloak user already owns this address or id; never shadow it
        }
        UserModel pending = FlowiseMigration.createPending(session, realm, model.getId(), row.get());
        discardIfStillPendingAfterThisRequest(realm, pending.getId());
        return pending;
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return PasswordCredentialModel.TYPE.equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && model.getId().equals(user.getFederationLink());
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!(input instanceof UserCredentialModel) || !supportsCredentialType(input.getType())
                || !model.getId().equals(user.getFederationLink())) {
            return false;
        }
        Optional<FlowiseUser> row;
        try {
            row = directory().findById(user.getFirstAttribute(FlowiseMigration.FLOWISE_ID));
        } catch (SQLException | RuntimeException e) {
            factory.warnings().warn(model.getName(), model.getId(), "password check", e);
            return false;
        }
        if (row.isEmpty() || !row.get().mayPresentPassword() || !passwordMatches(row.get(), input.getChallengeResponse())) {
            return false; // the pending user is removed after this request (discardIfStillPendingAfterThisRequest)
        }
        if (row.get().unverified()) {
            // Right password, unverified address: the pending user is disabled (createPending), so
            // Keycloak answers "account disabled" and makes no session.
            LOG.infof("Flowise user %s has not verified their email address; sign-in refused", row.get().id());
            user.setEnabled(false);
            return !user.isEnabled();
        }
        FlowiseMigration.complete(realm, user, row.get());
        LOG.infof("Migrated Flowise user %s into realm '%s' as Keycloak user %s", row.get().id(), realm.getName(), user.getId());
        return true;
    }

    private boolean passwordMatches(FlowiseUser row, String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        PasswordHashProvider bcrypt = session.getProvider(PasswordHashProvider.class, BcryptPasswordHashProviderFactory.ID);
        PasswordCredentialModel stored = PasswordCredentialModel.createFromValues(BcryptPasswordHashProviderFactory.ID,
                new byte[0], row.bcryptCost(), row.credential());
        return bcrypt.verify(password, stored);
    }

    /**
     * A lookup that is not followed by a good password (a wrong one, a reset form, an unverified
     * account) must leave nothing behind: once this request is over, a user still linked to the
     * component and without a credential of its own is removed, in a transaction of its own.
     */
    private void discardIfStillPendingAfterThisRequest(RealmModel realm, String userId) {
        KeycloakSessionFactory sessionFactory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String componentId = model.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                discard();
            }

            @Override
            protected void rollbackImpl() {
                discard();
            }

            private void discard() {
                try {
                    KeycloakModelUtils.runJobInTransaction(sessionFactory, s -> {
                        RealmModel r = s.realms().getRealm(realmId);
                        UserModel u = r == null ? null : UserStoragePrivateUtil.userLocalStorage(s).getUserById(r, userId);
                        if (u != null && componentId.equals(u.getFederationLink())
                                && u.credentialManager().getStoredCredentialsStream().findAny().isEmpty()) {
                            // Straight from local storage: UserManager.removeUser would also forget the
                            // user's brute-force failures, and the next pending copy has the same id.
                            UserCache cache = UserStorageUtil.userCache(s);
                            if (cache != null) {
                                cache.evict(r, u);
                            }
                            UserStoragePrivateUtil.userLocalStorage(s).removeUser(r, u);
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warnf("Could not remove pending Flowise user %s: %s", userId, ThrottledWarning.describe(e));
                }
            }
        });
    }

    private FlowiseUserDirectory directory() {
        return new FlowiseUserDirectory(factory.pool(model));
    }

    @Override
    public void close() {
        // The pool belongs to the factory.
    }
}

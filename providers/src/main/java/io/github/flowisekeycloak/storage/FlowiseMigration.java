package io.github.flowisekeycloak.storage;

import io.github.flowisekeycloak.password.BcryptPasswordHashProviderFactory;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.UserStoragePrivateUtil;

/**
 * Turns a Flowise row into a Keycloak user. A login first creates a <em>pending</em> user (linked to
 * the component, no credential) so Keycloak's flow has someone to check the password of; only when
 * the password checks out does {@link #complete} store Flowise's own bcrypt hash, grant the role and
 * cut the federation link, after which Flowise's database is never needed for that user again.
 */
final class FlowiseMigration {

    static final String FLOWISE_ID = "flowise_id";
    static final String FLOWISE_WORKSPACE_ID = "flowise_workspace_id";
    static final String OWNER_ROLE = "owner";
    static final String MEMBER_ROLE = "member";

    private static final Logger LOG = Logger.getLogger(FlowiseMigration.class);

    private FlowiseMigration() {
    }

    /**
     * A local user linked to the component, without a credential: it exists only until its password
     * is checked. Its id is Flowise's id, so brute-force counts (kept per user id) survive a pending
     * user being discarded and created again, and Flowise's id stays the user's id after migration.
     */
    static UserModel createPending(KeycloakSession session, RealmModel realm, String componentId, FlowiseUser row) {
        UserModel user = UserStoragePrivateUtil.userLocalStorage(session).addUser(realm, row.id(), row.keycloakUsername(), true, true);
        copyProfile(user, row, true);
        user.setEmailVerified(false);
        // Unverified people are disabled from the start: after the right password Keycloak refuses
        // them with its "account disabled" message, in every flow, and makes no session.
        user.setEnabled(!row.unverified());
        user.setFederationLink(componentId);
        return user;
    }

    /** The password checked out (or the admin asked for a bulk import): the user becomes an ordinary local user. */
    static void complete(RealmModel realm, UserModel user, FlowiseUser row) {
        complete(realm, user, row, false);
    }

    private static void complete(RealmModel realm, UserModel user, FlowiseUser row, boolean fresh) {
        copyProfile(user, row, fresh);
        user.setEmailVerified(true);
        user.setEnabled(true);
        user.setFederationLink(null);
        // A pending user may have set a password of its own meanwhile (a reset email): that one stays.
        boolean hasPassword = !fresh && user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findAny().isPresent();
        if (!hasPassword) {
            // Flowise's hash as is, in our bcrypt provider's format: no re-hash, the same password keeps working.
            user.credentialManager().createStoredCredential(PasswordCredentialModel.createFromValues(
                    BcryptPasswordHashProviderFactory.ID, new byte[0], row.bcryptCost(), row.credential()));
        }
        String roleName = row.owner() ? OWNER_ROLE : MEMBER_ROLE;
        RoleModel role = realm.getRole(roleName);
        if (role == null) {
            LOG.warnf("Realm '%s' has no realm role '%s'; migrated user %s gets no Flowise role", realm.getName(), roleName, user.getId());
        } else if (fresh || !user.hasDirectRole(role)) {
            user.grantRole(role);
        }
    }

    /**
     * Bulk import: a new user is created complete; a pending one is completed; anyone else is left
     * alone. (A Keycloak user holding the same id under another address makes the insert fail; the
     * import counts that row as failed.)
     */
    static Outcome importRow(KeycloakSession session, RealmModel realm, String componentId, FlowiseUser row) {
        UserModel existing = UserStoragePrivateUtil.userLocalStorage(session).getUserByEmail(realm, row.keycloakUsername());
        if (existing == null) {
            existing = UserStoragePrivateUtil.userLocalStorage(session).getUserByUsername(realm, row.keycloakUsername());
        }
        if (existing == null) {
            UserModel user = UserStoragePrivateUtil.userLocalStorage(session).addUser(realm, row.id(), row.keycloakUsername(), true, true);
            complete(realm, user, row, true);
            return Outcome.ADDED;
        }
        if (componentId.equals(existing.getFederationLink())) {
            complete(realm, existing, row);
            return Outcome.UPDATED;
        }
        return Outcome.UNCHANGED;
    }

    enum Outcome { ADDED, UPDATED, UNCHANGED }

    private static void copyProfile(UserModel user, FlowiseUser row, boolean fresh) {
        user.setEmail(row.keycloakUsername());
        if (!fresh || row.firstName() != null) {
            user.setFirstName(row.firstName());
        }
        if (!fresh || row.lastName() != null) {
            user.setLastName(row.lastName());
        }
        user.setSingleAttribute(FLOWISE_ID, row.id());
        if (row.workspaceId() != null) {
            user.setSingleAttribute(FLOWISE_WORKSPACE_ID, row.workspaceId());
        } else if (!fresh) {
            user.removeAttribute(FLOWISE_WORKSPACE_ID);
        }
    }
}

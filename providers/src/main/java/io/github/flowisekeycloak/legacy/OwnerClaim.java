package io.github.flowisekeycloak.legacy;

import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.RealmAttributeEntity;
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The one-time claim of a realm's first owner, and the rule for "the realm has an owner".
 *
 * <p>The claim record is the realm attribute {@value #CLAIM_ATTRIBUTE} (value: the owner's user id).
 * Why that row: Keycloak's own schema keys {@code REALM_ATTRIBUTE} by {@code (NAME, REALM_ID)}, so
 * the database itself lets exactly one claim per realm insert it, on every database Keycloak
 * supports and across cluster nodes, with no schema of our own to migrate. The record is inserted
 * first, as a plain INSERT (never Keycloak's update-or-insert {@code setAttribute}, which would
 * overwrite a claim it did not see), and flushed: a second claim blocks on the key until the first
 * commits, then fails. The owner is created in the same transaction, in a transaction of its own
 * (not the request's), so a lost race or any error rolls back everything: nothing half-made.
 */
final class OwnerClaim {

    static final String CLAIM_ATTRIBUTE = "flowise.owner-claim";
    static final String OWNER_ROLE = "owner";

    private static final Logger LOG = Logger.getLogger(OwnerClaim.class);

    enum Outcome { CLAIMED, ALREADY_CLAIMED, EMAIL_IN_USE }

    record Result(Outcome outcome, String userId) {
    }

    /** What the claimant entered for the new owner. */
    record NewOwner(String email, OwnerName name, String password) {
        @Override
        public String toString() {
            return "NewOwner[" + email + "]";
        }
    }

    private OwnerClaim() {
    }

    /** The claim record exists, or any user holds realm role {@code owner} (e.g. one migrated from Flowise). */
    static boolean hasOwner(KeycloakSession session, RealmModel realm) {
        if (realm.getAttribute(CLAIM_ATTRIBUTE) != null) {
            return true;
        }
        RoleModel owner = realm.getRole(OWNER_ROLE);
        return owner != null && session.users().getRoleMembersStream(realm, owner, 0, 1).findAny().isPresent();
    }

    /** Makes {@code owner} the realm's owner unless someone else already is; see the class comment. */
    static Result claim(KeycloakSessionFactory factory, String realmId, NewOwner owner) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> claimIn(session, realmId, owner));
        } catch (RuntimeException e) {
            // Most likely the claim record's key: another claim committed first. Decide on fresh data.
            Result after = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                session.getContext().setRealm(realm);
                if (hasOwner(session, realm)) {
                    return new Result(Outcome.ALREADY_CLAIMED, null);
                }
                return emailTaken(session, realm, owner.email()) ? new Result(Outcome.EMAIL_IN_USE, null) : null;
            });
            if (after == null) {
                throw e;
            }
            LOG.debugf("Owner claim in realm %s refused after a conflict: %s", realmId, e.getClass().getName());
            return after;
        }
    }

    private static Result claimIn(KeycloakSession session, String realmId, NewOwner owner) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        if (hasOwner(session, realm)) {
            return new Result(Outcome.ALREADY_CLAIMED, null);
        }
        if (emailTaken(session, realm, owner.email())) {
            return new Result(Outcome.EMAIL_IN_USE, null);
        }
        RoleModel ownerRole = realm.getRole(OWNER_ROLE);
        if (ownerRole == null) {
            throw new IllegalStateException("Realm '" + realm.getName() + "' has no realm role '" + OWNER_ROLE + "'");
        }
        String userId = KeycloakModelUtils.generateId();
        insertClaimRecord(session, realmId, userId);

        UserModel user = session.users().addUser(realm, userId, owner.email(), true, true);
        user.setEnabled(true);
        user.setEmail(owner.email());
        user.setFirstName(owner.name().first());
        user.setLastName(owner.name().last().isEmpty() ? null : owner.name().last());
        user.credentialManager().updateCredential(UserCredentialModel.password(owner.password(), false));
        user.grantRole(ownerRole);
        // The setup link on the login page is the registration link: off once the realm has its owner.
        // This also reloads the cached realm everywhere, so the claim record shows at once.
        realm.setRegistrationAllowed(false);
        return new Result(Outcome.CLAIMED, userId);
    }

    private static void insertClaimRecord(KeycloakSession session, String realmId, String userId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        RealmAttributeEntity record = new RealmAttributeEntity();
        record.setRealm(em.getReference(RealmEntity.class, realmId));
        record.setName(CLAIM_ATTRIBUTE);
        record.setValue(userId);
        em.persist(record);
        em.flush();
    }

    private static boolean emailTaken(KeycloakSession session, RealmModel realm, String email) {
        return session.users().getUserByEmail(realm, email) != null || session.users().getUserByUsername(realm, email) != null;
    }
}

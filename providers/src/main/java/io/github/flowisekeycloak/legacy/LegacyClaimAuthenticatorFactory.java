package io.github.flowisekeycloak.legacy;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * Registers the "Set up your admin account" step ({@value #ID}). Reads the legacy pair once at
 * start-up; after the realms are loaded, logs one warning when the pair is still set but every realm
 * using this step already has its owner, and turns those realms' setup link off.
 */
public final class LegacyClaimAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "flowise-legacy-claim";

    private static final Logger LOG = Logger.getLogger(LegacyClaimAuthenticatorFactory.class);

    private Optional<LegacyCredentials> legacy = Optional.empty();

    @Override
    public void init(Config.Scope config) {
        legacy = LegacyCredentials.from(FlowiseSettings.fromEnvironment());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, this::reportClaimedRealms);
            }
        });
    }

    private void reportClaimedRealms(KeycloakSession session) {
        List<RealmModel> setupRealms = session.realms().getRealmsStream().filter(LegacyClaimAuthenticatorFactory::usesSetupStep).toList();
        List<String> claimed = setupRealms.stream().filter(realm -> {
            session.getContext().setRealm(realm);
            return OwnerClaim.hasOwner(session, realm);
        }).map(RealmModel::getName).toList();
        for (RealmModel realm : setupRealms) {
            if (claimed.contains(realm.getName()) && realm.isRegistrationAllowed()) {
                realm.setRegistrationAllowed(false);
                LOG.infof("Realm '%s' has its owner: the 'Set up your admin account' link is off", realm.getName());
            }
        }
        if (legacy.isPresent() && !claimed.isEmpty()) {
            String which = claimed.size() == 1 ? "realm '" + claimed.get(0) + "' already has its owner"
                    : "realms '" + String.join("', '", claimed) + "' already have their owners";
            LOG.warnf("%s and %s are set but ignored now: %s. Remove them from the environment.",
                    FlowiseSettings.FLOWISE_USERNAME, FlowiseSettings.FLOWISE_PASSWORD, which);
        }
    }

    /** Whether the realm's registration flow (its setup link) runs this step. */
    private static boolean usesSetupStep(RealmModel realm) {
        return realm.getRegistrationFlow() != null && realm.getAuthenticationExecutionsStream(realm.getRegistrationFlow().getId())
                .anyMatch(execution -> ID.equals(execution.getAuthenticator()));
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new LegacyClaimAuthenticator(legacy);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Flowise: set up the first owner (legacy credentials)";
    }

    @Override
    public String getReferenceCategory() {
        return "flowise-owner-setup";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED,
                AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "While the realm has no owner: whoever proves FLOWISE_USERNAME / FLOWISE_PASSWORD creates the owner "
                + "(email, name, new password) and is signed in. Use it as the realm's registration flow.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return LegacyClaimConfig.properties();
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

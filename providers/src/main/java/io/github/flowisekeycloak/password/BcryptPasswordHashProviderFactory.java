package io.github.flowisekeycloak.password;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the {@code bcrypt} hash provider. Reads the cost settings once at start-up and stops
 * Keycloak when they cannot work: a malformed {@code PASSWORD_SALT_HASH_ROUNDS}, a default cost
 * above the cap, or (once the realms are loaded) a realm policy whose bcrypt cost is above it.
 */
public final class BcryptPasswordHashProviderFactory implements PasswordHashProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "bcrypt";
    static final String MAX_COST_OPTION = "max-cost";

    private static final Logger LOG = Logger.getLogger(BcryptPasswordHashProviderFactory.class);

    private BcryptCosts costs;

    @Override
    public void init(Config.Scope config) {
        costs = BcryptCosts.of(FlowiseSettings.fromEnvironment(), config.getInt(MAX_COST_OPTION, BcryptCosts.DEFAULT_MAX_COST));
        LOG.infof("bcrypt: new hashes at cost %d (%s), stored hashes above cost %d refused", costs.defaultCost(),
                costs.defaultFromEnvironment() ? FlowiseSettings.PASSWORD_SALT_HASH_ROUNDS : "default", costs.maxCost());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, this::refuseRealmPoliciesAboveCap);
            }
        });
    }

    private void refuseRealmPoliciesAboveCap(KeycloakSession session) {
        session.realms().getRealmsStream()
                .filter(realm -> ID.equals(realm.getPasswordPolicy().getHashAlgorithm()))
                .filter(realm -> !costs.acceptsPolicy(realm.getPasswordPolicy().getHashIterations()))
                .findFirst()
                .ifPresent(realm -> {
                    throw new IllegalStateException("Realm '" + realm.getName() + "' password policy hashIterations("
                            + realm.getPasswordPolicy().getHashIterations() + ") is outside the bcrypt cost range 4.."
                            + costs.maxCost() + " (cap: spi-password-hashing--" + ID + "--" + MAX_COST_OPTION
                            + "); lower the policy or raise the cap");
                });
    }

    @Override
    public PasswordHashProvider create(KeycloakSession session) {
        return new BcryptPasswordHashProvider(costs);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(MAX_COST_OPTION)
                .type("int")
                .helpText("Highest bcrypt cost written or verified. Hashes above it are refused at login.")
                .defaultValue(BcryptCosts.DEFAULT_MAX_COST)
                .add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("default-cost", Integer.toString(costs.defaultCost()));
        info.put("default-cost-source", costs.defaultFromEnvironment() ? FlowiseSettings.PASSWORD_SALT_HASH_ROUNDS : "default");
        info.put(MAX_COST_OPTION, Integer.toString(costs.maxCost()));
        return info;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

package io.github.flowisekeycloak.storage;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.user.ImportSynchronization;
import org.keycloak.storage.user.SynchronizationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "flowise" user storage: a component an admin adds under User federation. Holds one connection
 * pool per component (rebuilt when its form changes, closed when it is removed); the bulk import is
 * the console's "Sync all users".
 */
public final class FlowiseUserStorageProviderFactory
        implements UserStorageProviderFactory<FlowiseUserStorageProvider>, ImportSynchronization {

    public static final String ID = "flowise";

    private static final Logger LOG = Logger.getLogger(FlowiseUserStorageProviderFactory.class);

    private final Map<String, ConnectionPool> pools = new ConcurrentHashMap<>();
    /** The bridge's writable pools (Flowise's session table only), per component, kept apart from the read-only ones. */
    private final Map<String, ConnectionPool> writablePools = new ConcurrentHashMap<>();
    private final ThrottledWarning warnings = new ThrottledWarning();
    private FlowiseSettings settings;
    private List<ProviderConfigProperty> properties;

    @Override
    public void init(Config.Scope config) {
        settings = FlowiseSettings.fromEnvironment();
        properties = FlowiseDatabaseConfig.properties(settings);
    }

    @Override
    public FlowiseUserStorageProvider create(KeycloakSession session, ComponentModel model) {
        return new FlowiseUserStorageProvider(session, model, this);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Migrates Flowise users (read from Flowise's own database, never written) into Keycloak on their first sign-in or by Sync all users.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return properties;
    }

    /** Saving the form connects and reads Flowise's tables once; the message says what is wrong. */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        FlowiseDatabaseConfig config;
        try {
            config = FlowiseDatabaseConfig.of(model, settings);
        } catch (InvalidDatabaseConfigException e) {
            throw new ComponentValidationException(e.getMessage());
        }
        try (ConnectionPool probe = new ConnectionPool(config)) {
            try (Connection ignored = probe.open()) {
                // reached
            } catch (SQLException | RuntimeException e) {
                throw new ComponentValidationException("Cannot connect to the Flowise database (" + config.describe() + "): "
                        + ThrottledWarning.describe(e));
            }
            try {
                new FlowiseUserDirectory(probe).checkSchema();
            } catch (SQLException | RuntimeException e) {
                throw new ComponentValidationException("Connected to " + config.describe()
                        + ", but the Flowise user tables cannot be read: " + ThrottledWarning.describe(e));
            }
        }
    }

    ConnectionPool pool(ComponentModel model) {
        return pool(pools, model, false);
    }

    ConnectionPool writablePool(ComponentModel model) {
        return pool(writablePools, model, true);
    }

    private ConnectionPool pool(Map<String, ConnectionPool> pools, ComponentModel model, boolean writable) {
        FlowiseDatabaseConfig config = FlowiseDatabaseConfig.of(model, settings);
        return pools.compute(model.getId(), (id, existing) -> {
            if (existing != null && existing.config().poolKey().equals(config.poolKey())) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            return new ConnectionPool(config, writable);
        });
    }

    FlowiseSettings settings() {
        return settings;
    }

    ThrottledWarning warnings() {
        return warnings;
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        closePool(oldModel.getId());
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        closePool(model.getId());
    }

    private void closePool(String componentId) {
        for (Map<String, ConnectionPool> map : List.of(pools, writablePools)) {
            ConnectionPool pool = map.remove(componentId);
            if (pool != null) {
                pool.close();
            }
        }
        warnings.recovered(componentId);
    }

    @Override
    public SynchronizationResult sync(KeycloakSessionFactory sessionFactory, String realmId, UserStorageProviderModel model) {
        return new FlowiseBulkImport(sessionFactory, realmId, model, pool(model)).run();
    }

    /** Flowise keeps no change log we could trust, so a "changed users" sync is a full, idempotent one. */
    @Override
    public SynchronizationResult syncSince(Date lastSync, KeycloakSessionFactory sessionFactory, String realmId,
                                           UserStorageProviderModel model) {
        return sync(sessionFactory, realmId, model);
    }

    @Override
    public void close() {
        pools.values().forEach(ConnectionPool::close);
        pools.clear();
        writablePools.values().forEach(ConnectionPool::close);
        writablePools.clear();
        LOG.debug("Flowise user storage pools closed");
    }
}

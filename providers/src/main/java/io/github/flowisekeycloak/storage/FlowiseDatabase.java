package io.github.flowisekeycloak.storage;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProviderModel;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;

/**
 * A realm's Flowise database as its {@code flowise} user-storage component describes it, for other
 * capabilities (the bridge): the same lookups the user storage makes, what Flowise's login reads,
 * and a writable connection meant for Flowise's session table only. The component's pools belong
 * to the user-storage factory, so a changed or removed component closes them.
 */
public final class FlowiseDatabase {

    /** The user attribute naming a migrated user's Flowise id (set by the migration, read-only for users). */
    public static final String FLOWISE_ID_ATTRIBUTE = FlowiseMigration.FLOWISE_ID;

    /** A piece of work on one connection. */
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final FlowiseUserStorageProviderFactory factory;
    private final ComponentModel component;
    private final FlowiseDatabaseConfig config;

    private FlowiseDatabase(FlowiseUserStorageProviderFactory factory, ComponentModel component, FlowiseDatabaseConfig config) {
        this.factory = factory;
        this.component = component;
        this.config = config;
    }

    /**
     * The realm's enabled {@code flowise} component (the first by priority when there are several),
     * or empty when the realm has none. Throws {@link IllegalStateException} with the reason when the
     * component's form cannot be used (the console refuses to save such a form, so rarely).
     */
    public static Optional<FlowiseDatabase> of(KeycloakSession session, RealmModel realm) {
        FlowiseUserStorageProviderFactory factory = (FlowiseUserStorageProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(UserStorageProvider.class, FlowiseUserStorageProviderFactory.ID);
        if (factory == null) {
            return Optional.empty();
        }
        Optional<UserStorageProviderModel> model = realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> FlowiseUserStorageProviderFactory.ID.equals(c.getProviderId()))
                .map(UserStorageProviderModel::new)
                .filter(UserStorageProviderModel::isEnabled)
                .min(Comparator.comparingInt(UserStorageProviderModel::getPriority).thenComparing(ComponentModel::getId));
        if (model.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FlowiseDatabase(factory, model.get(), FlowiseDatabaseConfig.of(model.get(), factory.settings())));
        } catch (InvalidDatabaseConfigException e) {
            throw new IllegalStateException("The Flowise user storage '" + model.get().getName() + "' cannot be used: " + e.getMessage(), e);
        }
    }

    /** Flowise's DATABASE_TYPE for this database: sqlite, postgres, mysql or mariadb. */
    public String type() {
        return config.dialect().type();
    }

    /** Where it is, for messages: never the password. */
    public String describe() {
        return config.describe();
    }

    public String componentName() {
        return component.getName();
    }

    /** The user with this Flowise id (not deleted). */
    public Optional<FlowiseAccount> findById(String flowiseId) throws SQLException {
        return new FlowiseUserDirectory(factory.pool(component)).findById(flowiseId).map(FlowiseAccount::of);
    }

    /** The user with this email, case-insensitively and exactly, as the user storage looks people up (not deleted). */
    public Optional<FlowiseAccount> findByEmail(String email) throws SQLException {
        return new FlowiseUserDirectory(factory.pool(component)).findByEmail(email).map(FlowiseAccount::of);
    }

    /** What Flowise's login would keep in the session for this (active) account. */
    public FlowiseLogin login(FlowiseAccount account) throws SQLException, FlowiseLogin.Refused {
        return new FlowiseLoginReader(factory.pool(component)).read(account);
    }

    /**
     * Runs {@code work} on a writable connection (auto-commit), for Flowise's session table
     * ({@code login_sessions}) and nothing else: Flowise's users are never written.
     */
    public <T> T onSessionTable(SqlWork<T> work) throws SQLException {
        try (ConnectionPool.Lease lease = factory.writablePool(component).borrow()) {
            try {
                return work.run(lease.connection());
            } catch (SQLException | RuntimeException e) {
                lease.markBroken();
                throw e;
            }
        }
    }
}

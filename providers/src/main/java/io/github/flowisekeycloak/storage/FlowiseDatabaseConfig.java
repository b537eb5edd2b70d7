package io.github.flowisekeycloak.storage;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.keycloak.component.ComponentModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where Flowise's database is, as the component form says. The form's defaults are Flowise's own
 * DATABASE_* variables, so an admin on the same host as Flowise usually only presses Save.
 */
record FlowiseDatabaseConfig(FlowiseDialect dialect, String path, String host, int port, String name, String user,
                             String password, boolean ssl) {

    static final String TYPE = "databaseType";
    static final String PATH = "databasePath";
    static final String HOST = "databaseHost";
    static final String PORT = "databasePort";
    static final String NAME = "databaseName";
    static final String USER = "databaseUser";
    static final String PASSWORD = "databasePassword";
    static final String SSL = "databaseSsl";

    /** Reads the component's form; blank fields are configuration errors named after the field. */
    static FlowiseDatabaseConfig of(ComponentModel model, FlowiseSettings settings) {
        String type = model.get(TYPE, "sqlite");
        FlowiseDialect dialect = FlowiseDialect.of(type).orElseThrow(() -> new InvalidDatabaseConfigException(
                "Database type '" + type + "' is not one of sqlite, postgres, mysql, mariadb"));
        if (dialect == FlowiseDialect.SQLITE) {
            String path = model.get(PATH, "");
            if (path.isBlank()) {
                throw new InvalidDatabaseConfigException("Database path is empty: give the folder holding the Flowise database.sqlite");
            }
            return new FlowiseDatabaseConfig(dialect, path.trim(), "", 0, "", "", "", false);
        }
        String host = required(model, HOST, "Database host");
        String name = required(model, NAME, "Database name");
        int port;
        String portText = model.get(PORT, "");
        try {
            port = portText.isBlank() ? dialect.defaultPort() : Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new InvalidDatabaseConfigException("Database port '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidDatabaseConfigException("Database port " + port + " is outside 1..65535");
        }
        return new FlowiseDatabaseConfig(dialect, "", host, port, name, model.get(USER, "").trim(), password(model, settings),
                Boolean.parseBoolean(model.get(SSL, "false")));
    }

    /** An empty password field means Flowise's DATABASE_PASSWORD, so the secret never sits in the form's defaults. */
    private static String password(ComponentModel model, FlowiseSettings settings) {
        String typed = model.get(PASSWORD, "");
        return typed.isEmpty() ? settings.database().password().map(s -> s.reveal()).orElse("") : typed;
    }

    private static String required(ComponentModel model, String key, String label) {
        String value = model.get(key, "");
        if (value.isBlank()) {
            throw new InvalidDatabaseConfigException(label + " is empty");
        }
        return value.trim();
    }

    /** Flowise keeps its SQLite data in {@code database.sqlite} inside DATABASE_PATH; a path to the file itself works too. */
    String sqliteFile() {
        Path p = Path.of(path);
        return p.getFileName() != null && p.getFileName().toString().endsWith(".sqlite") ? p.toString()
                : p.resolve("database.sqlite").toString();
    }

    /** Where the connection goes, for messages: never the password. */
    String describe() {
        return dialect == FlowiseDialect.SQLITE ? "sqlite " + sqliteFile()
                : dialect.type() + " " + host + ":" + port + "/" + name + (user.isEmpty() ? "" : " as " + user);
    }

    /** The pool is rebuilt when anything that reaches the database changes. */
    String poolKey() {
        return Objects.hash(dialect, path, host, port, name, user, password, ssl) + "";
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The component form; defaults come from Flowise's DATABASE_* variables. */
    static List<ProviderConfigProperty> properties(FlowiseSettings settings) {
        FlowiseSettings.Database db = settings.database();
        return ProviderConfigurationBuilder.create()
                .property().name(TYPE).label("Database type").type(ProviderConfigProperty.LIST_TYPE)
                .options("sqlite", "postgres", "mysql", "mariadb").defaultValue(db.typeOrDefault())
                .helpText("Flowise's DATABASE_TYPE.").add()
                .property().name(PATH).label("Database path (SQLite)").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(db.path().orElse(System.getProperty("user.home") + "/.flowise"))
                .helpText("Flowise's DATABASE_PATH: the folder holding database.sqlite (or the file itself). Opened read-only.").add()
                .property().name(HOST).label("Database host").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(db.host().orElse("")).helpText("Flowise's DATABASE_HOST (postgres, mysql, mariadb).").add()
                .property().name(PORT).label("Database port").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(db.port().isPresent() ? Integer.toString(db.port().getAsInt()) : "")
                .helpText("Flowise's DATABASE_PORT; empty means 5432 for postgres, 3306 for mysql and mariadb.").add()
                .property().name(NAME).label("Database name").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(db.name().orElse("")).helpText("Flowise's DATABASE_NAME.").add()
                .property().name(USER).label("Database user").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(db.user().orElse("")).helpText("Flowise's DATABASE_USER. Read access to the user, organization_user, role and workspace_user tables is enough.").add()
                .property().name(PASSWORD).label("Database password").type(ProviderConfigProperty.PASSWORD).secret(true)
                .helpText("Empty: Flowise's DATABASE_PASSWORD as Keycloak's environment has it (never shown here).").add()
                .property().name(SSL).label("Use TLS").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(Boolean.toString(db.ssl().orElse(false))).helpText("Flowise's DATABASE_SSL.").add()
                .build();
    }
}

package io.github.flowisekeycloak.storage;

import java.util.Locale;
import java.util.Optional;

/**
 * What differs between the four databases Flowise runs on: the JDBC driver and URL, how names are
 * quoted, and how an email address is compared case-insensitively yet exactly (no LIKE, so {@code %}
 * and {@code _} are plain characters).
 */
enum FlowiseDialect {

    SQLITE("sqlite", "org.sqlite.JDBC", '"'),
    POSTGRES("postgres", "org.postgresql.Driver", '"'),
    MYSQL("mysql", "com.mysql.cj.jdbc.Driver", '`'),
    MARIADB("mariadb", "org.mariadb.jdbc.Driver", '`');

    private final String type;
    private final String driverClass;
    private final char quote;

    FlowiseDialect(String type, String driverClass, char quote) {
        this.type = type;
        this.driverClass = driverClass;
        this.quote = quote;
    }

    /** Flowise's own DATABASE_TYPE value. */
    String type() {
        return type;
    }

    String driverClass() {
        return driverClass;
    }

    static Optional<FlowiseDialect> of(String type) {
        if (type == null) {
            return Optional.empty();
        }
        String wanted = type.trim().toLowerCase(Locale.ROOT);
        for (FlowiseDialect d : values()) {
            if (d.type.equals(wanted)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The file name start of the driver jar in Keycloak's lib/lib/main, for drivers Keycloak ships. */
    String shippedJarPrefix() {
        return switch (this) {
            case SQLITE -> null; // travels in our jar
            case POSTGRES -> "org.postgresql.postgresql-";
            case MYSQL -> "com.mysql.mysql-connector-j-";
            case MARIADB -> "org.mariadb.jdbc.mariadb-java-client-";
        };
    }

    int defaultPort() {
        return this == POSTGRES ? 5432 : 3306;
    }

    String jdbcUrl(FlowiseDatabaseConfig config) {
        return switch (this) {
            case SQLITE -> "jdbc:sqlite:" + config.sqliteFile();
            case POSTGRES -> "jdbc:postgresql://" + config.host() + ":" + config.port() + "/" + config.name();
            case MYSQL -> "jdbc:mysql://" + config.host() + ":" + config.port() + "/" + config.name();
            case MARIADB -> "jdbc:mariadb://" + config.host() + ":" + config.port() + "/" + config.name();
        };
    }

    /** Turns SQL written with double-quoted names into this database's quoting. */
    String sql(String ansi) {
        return quote == '"' ? ansi : ansi.replace('"', quote);
    }

    /**
     * The predicate matching {@code u.email} against a parameter that the caller lower-cases. MySQL
     * and MariaDB compare in a binary collation after lower-casing, so their accent-folding default
     * collations (utf8mb4_0900_ai_ci, utf8mb4_unicode_520_ci) cannot make {@code é} match {@code e}.
     * SQLite's lower() folds ASCII letters only.
     */
    String emailEquals() {
        return switch (this) {
            case MYSQL, MARIADB -> "LOWER(u.`email`) COLLATE utf8mb4_bin = CAST(? AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin";
            default -> "lower(u.\"email\") = ?";
        };
    }

    /** The predicate matching {@code u.id}; PostgreSQL keeps ids as uuid and will not compare them with text. */
    String idEquals() {
        return this == POSTGRES ? "u.\"id\" = CAST(? AS uuid)" : sql("u.\"id\" = ?");
    }

    /** A parameter compared with a uuid column; PostgreSQL will not compare uuid with text. */
    String uuidParameter() {
        return this == POSTGRES ? "CAST(? AS uuid)" : "?";
    }

    /** How this database lower-cases the typed address before the comparison. */
    String lowerCase(String email) {
        if (this != SQLITE) {
            return email.toLowerCase(Locale.ROOT);
        }
        StringBuilder ascii = new StringBuilder(email.length());
        for (char c : email.toCharArray()) {
            ascii.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return ascii.toString();
    }
}

package io.github.flowisekeycloak.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL database of its own for one Keycloak test server, on the machine's PostgreSQL
 * (127.0.0.1:5432, trust auth). Named after the test JVM's pid so that a later run can drop what a
 * killed run left behind without touching a run that is still going.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String HOST = System.getProperty("it.postgres.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("it.postgres.port", 5432);
    public static final String USER = System.getProperty("it.postgres.user", "postgres");
    private static final String PREFIX = "fk_it_";

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    public static TestDatabase create(String label) {
        dropLeftoversOfDeadRuns();
        String name = PREFIX + ProcessHandle.current().pid() + "_" + label.toLowerCase().replaceAll("[^a-z0-9]", "");
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on PostgreSQL " + HOST + ":" + PORT
                    + " (is it running? .ci/run starts it): " + e.getMessage(), e);
        }
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    /** The stored password hash (secret_data "value") of a user, straight from Keycloak's tables. */
    public Optional<String> passwordSecretData(String realm, String username) {
        String sql = "SELECT c.secret_data FROM credential c JOIN user_entity u ON u.id = c.user_id "
                + "JOIN realm r ON r.id = u.realm_id WHERE r.name = ? AND u.username = ? AND c.type = 'password'";
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, realm);
            ps.setString(2, username.toLowerCase());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, "");
    }

    private static void dropLeftoversOfDeadRuns() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            List<String> stale = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
                while (rs.next()) {
                    String db = rs.getString(1);
                    String[] parts = db.substring(PREFIX.length()).split("_", 2);
                    try {
                        long pid = Long.parseLong(parts[0]);
                        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                            continue;
                        }
                    } catch (NumberFormatException notOurs) {
                        continue;
                    }
                    stale.add(db);
                }
            }
            for (String db : stale) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // Reported by create(), which needs the same connection.
        }
    }
}

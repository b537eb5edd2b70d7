package io.github.flowisekeycloak.storage;

import io.github.flowisekeycloak.testing.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Flowise on the machine's PostgreSQL, loaded with the real pg_dump of Flowise 3.1.4's login tables. */
public final class PostgresFlowiseDb extends FlowiseDb {

    private final String name;

    public PostgresFlowiseDb(String label) throws Exception {
        name = "fk_it_" + ProcessHandle.current().pid() + "_flowise_" + label;
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // The dump's column defaults call uuid_generate_v4(), which Flowise's migrations get from uuid-ossp.
            s.execute("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public");
        }
        load();
    }

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    String schemaResource() {
        return "postgres-auth-schema.sql";
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/" + name,
                TestDatabase.USER, "");
    }

    /** The dump empties search_path for its own session. */
    @Override
    void beforeSeed(Statement s) throws SQLException {
        s.execute("SET search_path TO public");
    }

    @Override
    String id(String literal) {
        return "CAST(" + literal + " AS uuid)";
    }

    @Override
    String timestamp(String literal) {
        return "TIMESTAMP '" + literal + "'";
    }

    @Override
    public Map<String, String> componentConfig() {
        return Map.of("databaseType", "postgres", "databaseHost", TestDatabase.HOST, "databasePort", Integer.toString(TestDatabase.PORT),
                "databaseName", name, "databaseUser", TestDatabase.USER, "databasePassword", "", "databaseSsl", "false");
    }

    @Override
    void breakIt() throws SQLException {
        close();
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/postgres",
                TestDatabase.USER, "");
    }

    /**
     * {@code count} active Flowise members bulk-0000001@{domain}... sharing one bcrypt hash, each in the
     * organization and the default workspace, written by PostgreSQL itself in three statements.
     */
    void generateUsers(int count, String domain, String hash) throws SQLException {
        try (Connection c = connect(); java.sql.PreparedStatement ps = c.prepareStatement(
                "INSERT INTO \"user\" (id, name, email, credential, status, \"createdBy\", \"updatedBy\") "
                        + "SELECT uuid_generate_v4(), 'Bulk User ' || n, 'bulk-' || lpad(n::text, 7, '0') || '@' || ?, ?, 'active', "
                        + "creator, creator FROM generate_series(1, ?) AS n, "
                        + "(SELECT id AS creator FROM \"user\" ORDER BY \"createdDate\" LIMIT 1) AS c")) {
            ps.setString(1, domain);
            ps.setString(2, hash);
            ps.setInt(3, count);
            ps.executeUpdate();
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO organization_user (\"organizationId\", \"userId\", \"roleId\", status, \"createdBy\", \"updatedBy\") "
                        + "SELECT " + lit(orgId) + ", u.id, " + lit(memberRoleId) + ", 'active', u.id, u.id FROM \"user\" u "
                        + "WHERE u.email LIKE 'bulk-%' AND NOT EXISTS (SELECT 1 FROM organization_user o WHERE o.\"userId\" = u.id)");
                s.execute("INSERT INTO workspace_user (\"workspaceId\", \"userId\", \"roleId\", status, \"lastLogin\", \"createdBy\", \"updatedBy\") "
                        + "SELECT " + lit(defaultWorkspaceId) + ", u.id, " + lit(memberRoleId) + ", 'active', now(), u.id, u.id FROM \"user\" u "
                        + "WHERE u.email LIKE 'bulk-%' AND NOT EXISTS (SELECT 1 FROM workspace_user w WHERE w.\"userId\" = u.id)");
            }
        }
    }
}

package io.github.flowisekeycloak.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Flowise database for one test class, loaded with Flowise's real schema (test resources
 * {@code flowise-schema/}), seeded with an organization, the general roles and two workspaces, and
 * dropped afterwards. One subclass per database Flowise runs on.
 */
public abstract class FlowiseDb implements AutoCloseable {

    public final String orgId = UUID.randomUUID().toString();
    public final String ownerRoleId = UUID.randomUUID().toString();
    public final String memberRoleId = UUID.randomUUID().toString();
    public final String defaultWorkspaceId = UUID.randomUUID().toString();
    public final String otherWorkspaceId = UUID.randomUUID().toString();
    private String creatorId;

    /** Flowise's DATABASE_TYPE. */
    public abstract String type();

    public abstract Connection connect() throws SQLException;

    /** The component form's values pointing at this database. */
    public abstract Map<String, String> componentConfig();

    /** Makes the database fail for everyone already connected and anyone connecting: dropped or overwritten. */
    abstract void breakIt() throws Exception;

    abstract String schemaResource();

    /** How a literal id is written where the column is a uuid. */
    String id(String placeholder) {
        return placeholder;
    }

    abstract String timestamp(String literal);

    /** Seeding writes users that point at themselves; some databases need their checks relaxed for that. */
    void beforeSeed(Statement s) throws SQLException {
    }

    final void load() throws SQLException, IOException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements(resource(schemaResource()))) {
                s.execute(sql);
            }
            beforeSeed(s);
            creatorId = UUID.randomUUID().toString();
            s.execute(q("INSERT INTO \"user\" (\"id\", \"name\", \"email\", \"credential\", \"status\", \"createdBy\", \"updatedBy\") VALUES ("
                    + lit(creatorId) + ", 'Flowise Creator', 'creator-" + type() + "@flowise.invalid', NULL, 'active', " + lit(creatorId) + ", " + lit(creatorId) + ")"));
            s.execute(q("INSERT INTO \"organization\" (\"id\", \"name\", \"createdBy\", \"updatedBy\") VALUES ("
                    + lit(orgId) + ", 'Default Organization', " + lit(creatorId) + ", " + lit(creatorId) + ")"));
            // The permissions go as a parameter: q() would turn their JSON's double quotes into MySQL's backticks.
            for (String[] role : new String[][] {{ownerRoleId, "owner", "[\"organization\",\"workspace\"]"}, {memberRoleId, "member", "[]"}}) {
                try (PreparedStatement ps = c.prepareStatement(q("INSERT INTO \"role\" (\"id\", \"organizationId\", \"name\", \"permissions\") VALUES ("
                        + lit(role[0]) + ", NULL, ?, ?)"))) {
                    ps.setString(1, role[1]);
                    ps.setString(2, role[2]);
                    ps.executeUpdate();
                }
            }
            for (String ws : List.of(defaultWorkspaceId, otherWorkspaceId)) {
                s.execute(q("INSERT INTO \"workspace\" (\"id\", \"name\", \"organizationId\", \"createdBy\", \"updatedBy\") VALUES ("
                        + lit(ws) + ", 'Workspace', " + lit(orgId) + ", " + lit(creatorId) + ", " + lit(creatorId) + ")"));
            }
        }
    }

    /** A Flowise user row, its organization role and its workspace memberships (workspace id → lastLogin or null). */
    public final String addUser(String email, String name, String hash, String status, boolean owner, Map<String, String> workspaces)
            throws SQLException {
        String userId = UUID.randomUUID().toString();
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement(q("INSERT INTO \"user\" (\"id\", \"name\", \"email\", \"credential\", \"status\", \"createdBy\", \"updatedBy\") VALUES ("
                    + lit(userId) + ", ?, ?, ?, ?, " + lit(creatorId) + ", " + lit(creatorId) + ")"))) {
                ps.setString(1, name);
                ps.setString(2, email);
                ps.setString(3, hash);
                ps.setString(4, status);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute(q("INSERT INTO \"organization_user\" (\"organizationId\", \"userId\", \"roleId\", \"status\", \"createdBy\", \"updatedBy\") VALUES ("
                        + lit(orgId) + ", " + lit(userId) + ", " + lit(owner ? ownerRoleId : memberRoleId) + ", 'active', "
                        + lit(creatorId) + ", " + lit(creatorId) + ")"));
                for (Map.Entry<String, String> w : workspaces.entrySet()) {
                    s.execute(q("INSERT INTO \"workspace_user\" (\"workspaceId\", \"userId\", \"roleId\", \"status\", \"lastLogin\", \"createdBy\", \"updatedBy\") VALUES ("
                            + lit(w.getKey()) + ", " + lit(userId) + ", " + lit(owner ? ownerRoleId : memberRoleId) + ", 'active', "
                            + (w.getValue() == null ? "NULL" : timestamp(w.getValue())) + ", " + lit(creatorId) + ", " + lit(creatorId) + ")"));
                }
            }
        }
        return userId;
    }

    String lit(String uuid) {
        return id("'" + uuid + "'");
    }

    /** Statements written with double-quoted names, in this database's quoting. */
    String q(String sql) {
        return sql;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = FlowiseDb.class.getResourceAsStream("/flowise-schema/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource flowise-schema/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Splits a schema file into statements: drops comment lines, cuts at semicolons that end a line. */
    static List<String> statements(String script) {
        StringBuilder clean = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                clean.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : clean.toString().split(";\\s*\n")) {
            if (!part.isBlank()) {
                out.add(part.strip().replaceAll(";$", ""));
            }
        }
        return out;
    }
}

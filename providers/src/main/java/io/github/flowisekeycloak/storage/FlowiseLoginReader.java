package io.github.flowisekeycloak.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, SELECT only, what Flowise's login strategy puts into the session for a user
 * ({@code E/middleware/passport/index.ts} in Flowise 3.1): the active workspace membership, the
 * organization membership of that workspace's organization, the general {@code owner} role (for
 * {@code isOrganizationAdmin}), the organization, and all workspace memberships. Nothing is
 * written: Flowise's login also stamps {@code lastLogin} and re-activates memberships, the bridge
 * does not.
 */
final class FlowiseLoginReader {

    /**
     * Memberships in Flowise's order of preference: the latest non-null lastLogin first, then the
     * oldest. Inner joins, as Flowise's query builder: a membership whose workspace or role is gone
     * does not count.
     */
    private static final String MEMBERSHIPS = """
            SELECT wu."workspaceId", wu."roleId", w."name", w."organizationId", r."name", r."permissions"
            FROM "workspace_user" wu
              JOIN "workspace" w ON w."id" = wu."workspaceId"
              JOIN "role" r ON r."id" = wu."roleId"
            WHERE wu."userId" = %s
            ORDER BY CASE WHEN wu."lastLogin" IS NULL THEN 1 ELSE 0 END, wu."lastLogin" DESC, wu."createdDate", wu."workspaceId"
            """;
    private static final String ORGANIZATION_ROLE = """
            SELECT ou."roleId" FROM "organization_user" ou WHERE ou."organizationId" = %s AND ou."userId" = %s
            """;
    /** Flowise's readGeneralRoleByName: the role of that name that belongs to no organization. */
    private static final String OWNER_ROLE = """
            SELECT r."id" FROM "role" r WHERE r."name" = 'owner' AND r."organizationId" IS NULL
            """;
    private static final String ORGANIZATION = """
            SELECT o."id", o."subscriptionId", o."customerId" FROM "organization" o WHERE o."id" = %s
            """;

    private final ConnectionPool pool;
    private final FlowiseDialect dialect;

    FlowiseLoginReader(ConnectionPool pool) {
        this.pool = pool;
        this.dialect = pool.config().dialect();
    }

    FlowiseLogin read(FlowiseAccount account) throws SQLException, FlowiseLogin.Refused {
        try (ConnectionPool.Lease lease = pool.borrow()) {
            try {
                return read(lease.connection(), account);
            } catch (SQLException e) {
                lease.markBroken();
                throw e;
            }
        }
    }

    private FlowiseLogin read(Connection c, FlowiseAccount account) throws SQLException, FlowiseLogin.Refused {
        record Membership(String workspaceId, String roleId, String workspaceName, String organizationId, String roleName,
                          String permissions) {
        }
        List<Membership> memberships = new ArrayList<>();
        try (PreparedStatement st = prepare(c, MEMBERSHIPS.formatted(dialect.uuidParameter()), account.id());
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                memberships.add(new Membership(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)));
            }
        }
        if (memberships.isEmpty()) {
            throw new FlowiseLogin.Refused(FlowiseLogin.Refused.Reason.NO_WORKSPACE);
        }
        Membership active = memberships.get(0);
        String organizationRoleId;
        try (PreparedStatement st = prepare(c, ORGANIZATION_ROLE.formatted(dialect.uuidParameter(), dialect.uuidParameter()),
                active.organizationId(), account.id()); ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new FlowiseLogin.Refused(FlowiseLogin.Refused.Reason.NO_ORGANIZATION_MEMBERSHIP);
            }
            organizationRoleId = rs.getString(1);
        }
        String ownerRoleId = null;
        try (PreparedStatement st = prepare(c, OWNER_ROLE); ResultSet rs = st.executeQuery()) {
            if (rs.next()) {
                ownerRoleId = rs.getString(1);
            }
        }
        String subscriptionId;
        String customerId;
        try (PreparedStatement st = prepare(c, ORGANIZATION.formatted(dialect.uuidParameter()), active.organizationId());
             ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new FlowiseLogin.Refused(FlowiseLogin.Refused.Reason.NO_ORGANIZATION);
            }
            subscriptionId = rs.getString(2);
            customerId = rs.getString(3);
        }
        List<FlowiseLogin.Workspace> assigned = memberships.stream()
                .map(m -> new FlowiseLogin.Workspace(m.workspaceId(), m.workspaceName(), m.roleName(), m.organizationId()))
                .toList();
        // Flowise: name ?? email (a NOT NULL column, so the email only for an empty row value).
        String name = account.name() == null ? account.email() : account.name();
        return new FlowiseLogin(account.id(), account.email(), name, active.roleId(), active.organizationId(),
                subscriptionId, customerId, organizationRoleId != null && organizationRoleId.equals(ownerRoleId),
                active.workspaceId(), active.workspaceName(), assigned, active.permissions());
    }

    private PreparedStatement prepare(Connection c, String ansi, String... parameters) throws SQLException {
        PreparedStatement st = c.prepareStatement(dialect.sql(ansi));
        st.setQueryTimeout(ConnectionPool.queryTimeoutSeconds());
        for (int i = 0; i < parameters.length; i++) {
            st.setString(i + 1, parameters[i]);
        }
        return st;
    }
}

package io.github.flowisekeycloak.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads Flowise's users: by email, by id, or all of them as a stream. SELECT only; each query also
 * picks the user's organization role (owner wins) and the workspace Flowise makes active at login
 * (the latest non-null lastLogin, else the oldest membership).
 */
final class FlowiseUserDirectory {

    /** Which organization role counts when a user has several: owner wins. */
    private static final String ROLE_ORDER = "CASE WHEN r.\"name\" = 'owner' THEN 0 ELSE 1 END";

    /** The workspace Flowise makes active at login: the latest non-null lastLogin, else the oldest membership. */
    private static final String WORKSPACE_ORDER =
            "CASE WHEN wu.\"lastLogin\" IS NULL THEN 1 ELSE 0 END, wu.\"lastLogin\" DESC, wu.\"createdDate\"";

    /** One user: the role and workspace looked up for that row alone. */
    private static final String SELECT = """
            SELECT u."id", u."name", u."email", u."credential", u."status",
              (SELECT r."name" FROM "organization_user" ou JOIN "role" r ON r."id" = ou."roleId"
                WHERE ou."userId" = u."id" ORDER BY %s LIMIT 1) AS role_name,
              (SELECT wu."workspaceId" FROM "workspace_user" wu
                WHERE wu."userId" = u."id" ORDER BY %s LIMIT 1) AS workspace_id
            FROM "user" u
            """.formatted(ROLE_ORDER, WORKSPACE_ORDER);

    /**
     * Every user, for the bulk import. Flowise's schema has no index that starts with
     * {@code userId} (the memberships' keys are (organizationId, userId) and (workspaceId, userId)),
     * so the per-row subqueries of {@link #SELECT} would scan both tables once per user: quadratic,
     * measured as 76 rows/s by the 20,000th row of a 100,000-user import against 185 rows/s for a
     * whole 1,000-user one in the same run. Here each table is read
     * once, ranked per user (window functions: PostgreSQL, MySQL 8, MariaDB 10.2, SQLite 3.25) and
     * joined, the same choice as {@link #SELECT} makes.
     */
    private static final String SELECT_ALL = """
            SELECT u."id", u."name", u."email", u."credential", u."status", ro."role_name", wo."workspace_id"
            FROM "user" u
            LEFT JOIN (SELECT ou."userId" AS "user_id", r."name" AS "role_name",
                         ROW_NUMBER() OVER (PARTITION BY ou."userId" ORDER BY %s) AS "choice"
                       FROM "organization_user" ou JOIN "role" r ON r."id" = ou."roleId") ro
              ON ro."user_id" = u."id" AND ro."choice" = 1
            LEFT JOIN (SELECT wu."userId" AS "user_id", wu."workspaceId" AS "workspace_id",
                         ROW_NUMBER() OVER (PARTITION BY wu."userId" ORDER BY %s) AS "choice"
                       FROM "workspace_user" wu) wo
              ON wo."user_id" = u."id" AND wo."choice" = 1
            """.formatted(ROLE_ORDER, WORKSPACE_ORDER);

    private final ConnectionPool pool;
    private final FlowiseDialect dialect;

    FlowiseUserDirectory(ConnectionPool pool) {
        this.pool = pool;
        this.dialect = pool.config().dialect();
    }

    /** Case-insensitive, exact: {@code %} and {@code _} are plain characters. */
    Optional<FlowiseUser> findByEmail(String email) throws SQLException {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return findOne(dialect.sql(SELECT) + " WHERE " + dialect.emailEquals(), dialect.lowerCase(email.trim()));
    }

    Optional<FlowiseUser> findById(String id) throws SQLException {
        if (id == null || !looksLikeUuid(id)) {
            return Optional.empty();
        }
        return findOne(dialect.sql(SELECT) + " WHERE " + dialect.idEquals(), id.toLowerCase(java.util.Locale.ROOT));
    }

    /** Streams every row that may sign in (active, with a hash) to the consumer, fetching in pages. */
    void forEachActive(Consumer<FlowiseUser> consumer) throws SQLException {
        try (ConnectionPool.Lease lease = pool.borrow()) {
            Connection c = lease.connection();
            try {
                // PostgreSQL streams a result set only inside a transaction.
                c.setAutoCommit(false);
                try (PreparedStatement st = c.prepareStatement(dialect.sql(SELECT_ALL + " WHERE u.\"status\" = 'active'"),
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    st.setFetchSize(dialect == FlowiseDialect.MYSQL ? Integer.MIN_VALUE : 500);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            FlowiseUser user = row(rs);
                            if (user.active()) {
                                consumer.accept(user);
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                lease.markBroken();
                throw e;
            }
        }
    }

    /** Proves the tables Flowise's login reads are there; the form's Save calls this. */
    void checkSchema() throws SQLException {
        try (ConnectionPool.Lease lease = pool.borrow();
             PreparedStatement st = lease.connection().prepareStatement(dialect.sql(SELECT) + " WHERE 1 = 0")) {
            st.setQueryTimeout(ConnectionPool.queryTimeoutSeconds());
            st.executeQuery().close();
        }
    }

    private Optional<FlowiseUser> findOne(String sql, String parameter) throws SQLException {
        try (ConnectionPool.Lease lease = pool.borrow()) {
            try (PreparedStatement st = lease.connection().prepareStatement(sql)) {
                st.setQueryTimeout(ConnectionPool.queryTimeoutSeconds());
                st.setString(1, parameter);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    FlowiseUser user = row(rs);
                    return FlowiseUser.DELETED.equals(user.status()) ? Optional.empty() : Optional.of(user);
                }
            } catch (SQLException e) {
                lease.markBroken();
                throw e;
            }
        }
    }

    private static FlowiseUser row(ResultSet rs) throws SQLException {
        return new FlowiseUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7));
    }

    static boolean looksLikeUuid(String id) {
        try {
            return id.length() == 36 && UUID.fromString(id) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

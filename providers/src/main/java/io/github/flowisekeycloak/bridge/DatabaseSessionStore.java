package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.storage.FlowiseDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Flowise's {@code login_sessions} table in its own database, in the layout of the library Flowise
 * uses there (the libraries create the table when Flowise starts):
 * <ul>
 * <li>PostgreSQL, connect-pg-simple: {@code sid varchar, sess json, expire timestamp} (seconds via to_timestamp);</li>
 * <li>SQLite, connect-sqlite3: {@code sid, expired, sess} (milliseconds, JSON text);</li>
 * <li>MySQL, express-mysql-session: {@code session_id varchar(128), expires int unsigned, data mediumtext} (seconds).</li>
 * </ul>
 * Only rows carrying our mark are ever read back or deleted.
 */
final class DatabaseSessionStore implements SessionStore {

    private static final int DELETE_BATCH = 100;

    /** The statements of one layout; {@code %s} in {@link #delete} is the list of placeholders. */
    private record Layout(String insert, String select, String delete) {
    }

    private static final Layout POSTGRES = new Layout(
            "INSERT INTO login_sessions (sid, sess, expire) VALUES (?, CAST(? AS json), to_timestamp(?))",
            "SELECT sid, sess->'" + FlowiseSessionRecord.MARK + "'->>'user', sess->'" + FlowiseSessionRecord.MARK + "'->>'session' "
                    + "FROM login_sessions WHERE sess->'" + FlowiseSessionRecord.MARK + "'->>'realm' = ?",
            "DELETE FROM login_sessions WHERE sid IN (%s)");
    private static final Layout SQLITE = new Layout(
            "INSERT INTO login_sessions (sid, expired, sess) VALUES (?, ?, ?)",
            "SELECT sid, json_extract(sess, '$." + FlowiseSessionRecord.MARK + ".user'), json_extract(sess, '$."
                    + FlowiseSessionRecord.MARK + ".session') FROM login_sessions WHERE json_extract(sess, '$."
                    + FlowiseSessionRecord.MARK + ".realm') = ?",
            "DELETE FROM login_sessions WHERE sid IN (%s)");
    private static final Layout MYSQL = new Layout(
            "INSERT INTO login_sessions (session_id, expires, data) VALUES (?, ?, ?)",
            "SELECT session_id, JSON_UNQUOTE(JSON_EXTRACT(data, '$." + FlowiseSessionRecord.MARK + ".user')), "
                    + "JSON_UNQUOTE(JSON_EXTRACT(data, '$." + FlowiseSessionRecord.MARK + ".session')) FROM login_sessions "
                    + "WHERE JSON_UNQUOTE(JSON_EXTRACT(data, '$." + FlowiseSessionRecord.MARK + ".realm')) = ?",
            "DELETE FROM login_sessions WHERE session_id IN (%s)");

    private final FlowiseDatabase database;
    private final Layout layout;

    DatabaseSessionStore(FlowiseDatabase database) {
        this.database = database;
        this.layout = switch (database.type()) {
            case "postgres" -> POSTGRES;
            case "sqlite" -> SQLITE;
            case "mysql" -> MYSQL;
            default -> throw new IllegalArgumentException("Flowise keeps no session table on " + database.type());
        };
    }

    @Override
    public void save(String sid, String sessJson, long expiresAtMillis, FlowiseSessionRecord.Mark mark) throws SessionStoreException {
        run("write a session into", c -> {
            try (PreparedStatement st = c.prepareStatement(layout.insert())) {
                st.setString(1, sid);
                if (layout == POSTGRES) {
                    st.setString(2, sessJson);
                    st.setLong(3, (expiresAtMillis + 999) / 1000); // connect-pg-simple: Math.ceil of the seconds
                } else if (layout == SQLITE) {
                    st.setLong(2, expiresAtMillis);
                    st.setString(3, sessJson);
                } else {
                    st.setLong(2, Math.round(expiresAtMillis / 1000.0)); // express-mysql-session: Math.round
                    st.setString(3, sessJson);
                }
                st.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Bridged> bridged(String realmId) throws SessionStoreException {
        return run("read the bridge's sessions from", c -> {
            List<Bridged> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(layout.select())) {
                st.setString(1, realmId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Bridged(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public int remove(String realmId, List<String> sids) throws SessionStoreException {
        if (sids.isEmpty()) {
            return 0;
        }
        return run("remove sessions from", c -> {
            int removed = 0;
            for (int from = 0; from < sids.size(); from += DELETE_BATCH) {
                List<String> batch = sids.subList(from, Math.min(sids.size(), from + DELETE_BATCH));
                String sql = layout.delete().formatted(String.join(", ", Collections.nCopies(batch.size(), "?")));
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    for (int i = 0; i < batch.size(); i++) {
                        st.setString(i + 1, batch.get(i));
                    }
                    removed += st.executeUpdate();
                }
            }
            return removed;
        });
    }

    @Override
    public String describe() {
        return "the login_sessions table of " + database.describe();
    }

    private <T> T run(String what, FlowiseDatabase.SqlWork<T> work) throws SessionStoreException {
        try {
            return database.onSessionTable(work);
        } catch (SQLException | RuntimeException e) {
            throw new SessionStoreException("Could not " + what + " " + describe(), e);
        }
    }
}

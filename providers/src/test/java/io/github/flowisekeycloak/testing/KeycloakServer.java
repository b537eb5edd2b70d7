package io.github.flowisekeycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One real Keycloak distribution (org.keycloak:keycloak-quarkus-dist, the version we build against)
 * running as a separate process with our jar in {@code providers/}, in production mode
 * ({@code start --optimized}) on a PostgreSQL database of its own.
 *
 * <p>The distribution is unpacked and built ({@code kc.sh build}) once per jar into a template;
 * each server gets a copy, so starting one costs only Keycloak's own start (7-15 s here) plus the
 * realm import.
 */
public final class KeycloakServer implements AutoCloseable {

    /** Build options baked into the template (build-time options in Keycloak's terms). */
    private static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME", "JAVA_HOME", "LANG", "LC_ALL", "TMPDIR", "USER");

    private final ServerSpec spec;
    private final Path home;
    private final Path logFile;
    private final TestDatabase database;
    private final boolean ownsDatabase;
    private final Cache cache;
    /** Chosen free, and chosen again if another process takes one before Keycloak binds it. */
    private int httpPort;
    private int managementPort;
    /** JGroups transport port of a cluster node (unused for a local cache). */
    private final int clusterPort;
    private final String adminPassword;
    private Process process;
    private int starts;

    /**
     * A single server keeps its caches to itself ({@code --cache=local}); cluster nodes use Keycloak's
     * production default, embedded Infinispan discovering its peers through the shared database.
     * {@code --cache} is a runtime option in Keycloak 26 (given to {@code kc.sh build} it is not kept):
     * it goes on each start, else every single server would run a JGroups cluster of one on ports
     * 7800-7810, and a run keeping a dozen servers alive would run out of them.
     */
    enum Cache {
        LOCAL, CLUSTERED
    }

    private KeycloakServer(ServerSpec spec, Path home, TestDatabase database, boolean ownsDatabase, Cache cache,
            String adminPassword) {
        this.spec = spec;
        this.adminPassword = adminPassword;
        this.home = home;
        this.logFile = home.resolve("server.log");
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.cache = cache;
        this.httpPort = freePort();
        this.managementPort = freePort();
        this.clusterPort = freePort();
    }

    /** Starts a server for {@code spec} and waits until it is ready. */
    public static KeycloakServer start(ServerSpec spec) {
        return startPrepared(prepare(spec, "srv", null, Cache.LOCAL, newAdminPassword()));
    }

    /**
     * Starts one node of a cluster on {@code database}, which the caller owns (every node of a
     * cluster shares it, and so the bootstrap admin the first node created). See {@link KeycloakCluster}.
     */
    static KeycloakServer startClusterNode(ServerSpec spec, String node, TestDatabase database, String adminPassword) {
        return startPrepared(prepare(spec, node, database, Cache.CLUSTERED, adminPassword));
    }

    private static KeycloakServer startPrepared(KeycloakServer server) {
        try {
            server.startAndAwaitReady();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts a server for {@code spec} that is expected to refuse to start; returns its exit code and
     * log. Fails the test if the server becomes ready instead.
     */
    public static StartFailure startExpectingFailure(ServerSpec spec) {
        KeycloakServer server = prepare(spec, "fail", null, Cache.LOCAL, newAdminPassword());
        try {
            server.startProcess();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!server.process.isAlive()) {
                    return new StartFailure(server.process.exitValue(), server.log());
                }
                if (server.ready()) {
                    throw new AssertionError("Keycloak started although it should have refused to; log:\n" + server.logTail());
                }
                sleep(300);
            }
            throw new AssertionError("Keycloak neither started nor stopped within " + START_TIMEOUT + "; log:\n" + server.logTail());
        } finally {
            server.close();
        }
    }

    public record StartFailure(int exitCode, String log) {
    }

    static String newAdminPassword() {
        return "it-" + UUID.randomUUID();
    }

    private static KeycloakServer prepare(ServerSpec spec, String kind, TestDatabase sharedDatabase, Cache cache,
            String adminPassword) {
        Path template = KeycloakTemplate.ready();
        Path home = ItPaths.workDir().resolve(kind + "-" + spec.label() + "-" + System.nanoTime());
        run(List.of("cp", "-a", template.toString(), home.toString()), ItPaths.workDir());
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            for (Path realm : spec.realmFiles()) {
                Files.copy(realm, imports.resolve(realm.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sharedDatabase == null
                ? new KeycloakServer(spec, home, TestDatabase.create(kind + spec.label()), true, cache, adminPassword)
                : new KeycloakServer(spec, home, sharedDatabase, false, cache, adminPassword);
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--hostname-strict=false", "--import-realm",
                "--db-url=" + database.jdbcUrl(), "--db-username=" + TestDatabase.USER,
                cache == Cache.LOCAL ? "--cache=local" : "--cache=ispn"));
        if (cache == Cache.CLUSTERED) {
            // Every node on this one host: loopback, and a transport port of its own.
            command.addAll(List.of("--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + clusterPort));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        Map<String, String> inherited = new LinkedHashMap<>();
        INHERITED_VARIABLES.forEach(name -> {
            String value = System.getenv(name);
            if (value != null) {
                inherited.put(name, value);
            }
        });
        env.clear();
        env.putAll(inherited);
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.putAll(spec.env());
        try {
            appendLog("=== start " + (++starts) + " with " + spec.env().keySet() + " ===\n");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopProcess));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " while starting; log:\n" + logTail());
            }
            if (ready()) {
                return;
            }
            sleep(300);
        }
        throw new IllegalStateException("Keycloak not ready after " + START_TIMEOUT + "; log:\n" + logTail());
    }

    private boolean ready() {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops and starts the same server (same database, same directory), e.g. to test start-up effects. */
    public void restart() {
        stopProcess();
        startAndAwaitReady();
    }

    /**
     * Starts the process and waits until it is ready. Its ports were free when chosen, but another
     * process on the machine can take one before Keycloak binds it (seen with several checkouts
     * testing at once): then it tries again on new ports, three times at most.
     */
    private void startAndAwaitReady() {
        for (int attempt = 1; ; attempt++) {
            int mark = logMark();
            startProcess();
            try {
                awaitReady();
                return;
            } catch (IllegalStateException e) {
                String thisStart = log().substring(mark);
                boolean portTaken = thisStart.contains("Port already bound") || thisStart.contains("Address already in use");
                if (!portTaken || attempt == 3) {
                    throw e;
                }
                stopProcess();
                httpPort = freePort();
                managementPort = freePort();
            }
        }
    }

    /** http://127.0.0.1:port, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public TestDatabase database() {
        return database;
    }

    public ServerSpec spec() {
        return spec;
    }

    /** The whole server log so far (all starts); empty before the first start. */
    public String log() {
        if (!Files.exists(logFile)) {
            return "";
        }
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A position in the log, to read only what a test caused: {@code log().substring(mark)}. */
    public int logMark() {
        return log().length();
    }

    /** The log written since {@code mark}, after giving the server a moment to flush. */
    public String logSince(int mark) {
        sleep(500);
        return log().substring(mark);
    }

    private String logTail() {
        String log = log();
        return log.length() <= 8000 ? log : log.substring(log.length() - 8000);
    }

    private void appendLog(String line) throws IOException {
        Files.writeString(logFile, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private synchronized void stopProcess() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopProcess();
        if (ownsDatabase) {
            database.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(List<String> command, Path dir) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The unpacked, built distribution that servers (single ones and cluster nodes alike) are copied
     * from; rebuilt when the jar changes.
     */
    static final class KeycloakTemplate {

        private static Path built;

        static synchronized Path ready() {
            if (built != null) {
                return built;
            }
            try {
                Path jar = ItPaths.providerJar();
                String stamp = sha256(jar) + " " + BUILD_OPTIONS + " " + ItPaths.keycloakVersion();
                Path root = Files.createDirectories(ItPaths.workDir()).resolve("template");
                Path home = root.resolve("keycloak-" + ItPaths.keycloakVersion());
                Path stampFile = root.resolve("built-for");
                if (!Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp)) {
                    run(List.of("rm", "-rf", root.toString()), ItPaths.workDir());
                    Files.createDirectories(root);
                    run(List.of("tar", "xzf", ItPaths.keycloakArchive().toString(), "-C", root.toString()), root);
                    Files.copy(jar, home.resolve("providers").resolve(jar.getFileName()));
                    List<String> build = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "build"));
                    build.addAll(BUILD_OPTIONS);
                    run(build, home);
                    Files.writeString(stampFile, stamp);
                }
                built = home;
                return home;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String sha256(Path file) throws IOException {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

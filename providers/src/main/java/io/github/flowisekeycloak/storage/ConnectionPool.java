package io.github.flowisekeycloak.storage;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A small bounded pool of connections to Flowise's database, one per component: read-only for the
 * user storage, writable (only ever used for Flowise's session table) for the bridge. Keycloak's own
 * Agroal pool is for Keycloak's database; this one needs nothing beyond JDBC. Drivers are
 * instantiated directly: {@code DriverManager} would refuse a driver that our class loader did not
 * register.
 */
final class ConnectionPool implements AutoCloseable {

    static final int MAX_CONNECTIONS = 4;
    /** The bridge writes one row per sign-in and deletes a few per sweep: two connections are plenty. */
    static final int MAX_WRITABLE_CONNECTIONS = 2;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final int QUERY_TIMEOUT_SECONDS = 30;

    private final FlowiseDatabaseConfig config;
    private final boolean writable;
    private final int maxConnections;
    private final Semaphore permits;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;
    private Driver driver;
    private URLClassLoader isolatedLoader;

    /** A read-only pool. */
    ConnectionPool(FlowiseDatabaseConfig config) {
        this(config, false);
    }

    ConnectionPool(FlowiseDatabaseConfig config, boolean writable) {
        this.config = config;
        this.writable = writable;
        this.maxConnections = writable ? MAX_WRITABLE_CONNECTIONS : MAX_CONNECTIONS;
        this.permits = new Semaphore(maxConnections);
        this.idle = new ArrayBlockingQueue<>(maxConnections);
    }

    FlowiseDatabaseConfig config() {
        return config;
    }

    /** A connection for one unit of work; closing the lease gives it back (or drops it if it broke). */
    final class Lease implements AutoCloseable {
        private final Connection connection;
        private boolean broken;

        private Lease(Connection connection) {
            this.connection = connection;
        }

        Connection connection() {
            return connection;
        }

        void markBroken() {
            broken = true;
        }

        @Override
        public void close() {
            try {
                if (broken || closed || !connection.getAutoCommit() && !resetAutoCommit()) {
                    closeQuietly(connection);
                } else if (!idle.offer(connection)) {
                    closeQuietly(connection);
                }
            } catch (SQLException e) {
                closeQuietly(connection);
            } finally {
                permits.release();
            }
        }

        private boolean resetAutoCommit() {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
                return true;
            } catch (SQLException e) {
                return false;
            }
        }
    }

    Lease borrow() throws SQLException {
        if (closed) {
            throw new SQLException("the pool for " + config.describe() + " is closed");
        }
        try {
            if (!permits.tryAcquire(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("all " + maxConnections + " connections to " + config.describe() + " are busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", e);
        }
        try {
            Connection c;
            while ((c = idle.poll()) != null) {
                if (c.isValid(CONNECT_TIMEOUT_SECONDS)) {
                    return new Lease(c);
                }
                closeQuietly(c);
            }
            return new Lease(open());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Opens one connection without the pool: the form's connection test uses it too. */
    Connection open() throws SQLException {
        Driver driver = driver();
        Connection c = driver.connect(config.dialect().jdbcUrl(config), properties());
        if (c == null) {
            throw new SQLException("driver " + config.dialect().driverClass() + " refused the URL for " + config.describe());
        }
        if (config.dialect() != FlowiseDialect.SQLITE && !writable) {
            c.setReadOnly(true);
        }
        return c;
    }

    private Properties properties() {
        Properties p = new Properties();
        switch (config.dialect()) {
            case SQLITE -> {
                // SQLITE_OPEN_READONLY (1) for the user storage; SQLITE_OPEN_READWRITE (2) without
                // SQLITE_OPEN_CREATE for the bridge's session rows: a wrong path never creates a file.
                p.setProperty("open_mode", writable ? "2" : "1");
                p.setProperty("busy_timeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 1000));
            }
            case POSTGRES -> {
                credentials(p);
                p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
                p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
                p.setProperty("socketTimeout", Integer.toString(QUERY_TIMEOUT_SECONDS));
                p.setProperty("ApplicationName", writable ? "keycloak-flowise-bridge" : "keycloak-flowise-user-storage");
                if (config.ssl()) {
                    p.setProperty("ssl", "true");
                }
            }
            case MYSQL -> {
                credentials(p);
                p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 1000));
                p.setProperty("socketTimeout", Integer.toString(QUERY_TIMEOUT_SECONDS * 1000));
                p.setProperty("sslMode", config.ssl() ? "VERIFY_IDENTITY" : "PREFERRED");
                p.setProperty("characterEncoding", "UTF-8");
            }
            case MARIADB -> {
                credentials(p);
                p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 1000));
                p.setProperty("socketTimeout", Integer.toString(QUERY_TIMEOUT_SECONDS * 1000));
                if (config.ssl()) {
                    p.setProperty("sslMode", "verify-full");
                }
            }
        }
        return p;
    }

    private void credentials(Properties p) {
        if (!config.user().isEmpty()) {
            p.setProperty("user", config.user());
        }
        if (!config.password().isEmpty()) {
            p.setProperty("password", config.password());
        }
    }

    private synchronized Driver driver() throws SQLException {
        if (driver == null) {
            driver = loadDriver();
        }
        return driver;
    }

    private Driver loadDriver() throws SQLException {
        String name = config.dialect().driverClass();
        for (ClassLoader loader : new ClassLoader[]{ConnectionPool.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return instantiate(Class.forName(name, true, loader));
            } catch (ClassNotFoundException e) {
                // try the next loader
            }
        }
        // Keycloak ships the PostgreSQL, MariaDB and MySQL drivers, but its build leaves only the one
        // of its own database on the class path. The others are still in lib/lib/main: load from there.
        Path jar = shippedDriverJar().orElseThrow(() -> new SQLException("JDBC driver " + name + " for "
                + config.dialect().type() + " is neither on the class path nor in Keycloak's lib/lib/main"));
        try {
            isolatedLoader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, ConnectionPool.class.getClassLoader());
            return instantiate(Class.forName(name, true, isolatedLoader));
        } catch (IOException | ClassNotFoundException e) {
            throw new SQLException("JDBC driver " + name + " cannot be loaded from " + jar + ": " + e, e);
        }
    }

    private static Driver instantiate(Class<?> type) throws SQLException {
        try {
            return (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new SQLException("JDBC driver " + type.getName() + " cannot be instantiated: " + e, e);
        }
    }

    private Optional<Path> shippedDriverJar() {
        String home = System.getProperty("kc.home.dir");
        String prefix = config.dialect().shippedJarPrefix();
        if (home == null || prefix == null) {
            return Optional.empty();
        }
        Path main = Path.of(home, "lib", "lib", "main");
        try (Stream<Path> files = Files.list(main)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".jar"))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static int queryTimeoutSeconds() {
        return QUERY_TIMEOUT_SECONDS;
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
        if (isolatedLoader != null && permits.availablePermits() == maxConnections) {
            try {
                isolatedLoader.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // already gone
        }
    }
}

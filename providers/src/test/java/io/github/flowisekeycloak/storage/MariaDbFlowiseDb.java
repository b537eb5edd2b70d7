package io.github.flowisekeycloak.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Flowise on the machine's MariaDB (standing in for MySQL too), with the schema ported from the PostgreSQL dump. */
public class MariaDbFlowiseDb extends FlowiseDb {

    static final String HOST = System.getProperty("it.mariadb.host", "127.0.0.1");
    static final int PORT = Integer.getInteger("it.mariadb.port", 3306);
    static final String USER = System.getProperty("it.mariadb.user", "root");

    private final String name;

    public MariaDbFlowiseDb(String label) throws Exception {
        name = "fk_it_" + ProcessHandle.current().pid() + "_flowise_" + label;
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci");
        }
        load();
    }

    @Override
    public String type() {
        return "mariadb";
    }

    @Override
    String schemaResource() {
        return "mariadb-auth-schema.sql";
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + PORT + "/" + name, USER, "");
    }

    @Override
    String q(String sql) {
        return sql.replace("\"user\"", "`user`").replaceAll("\"([A-Za-z_]+)\"", "`$1`");
    }

    @Override
    void beforeSeed(Statement s) throws SQLException {
        s.execute("SET FOREIGN_KEY_CHECKS = 0");
    }

    @Override
    String timestamp(String literal) {
        return "TIMESTAMP '" + literal + "'";
    }

    @Override
    public Map<String, String> componentConfig() {
        return Map.of("databaseType", "mariadb", "databaseHost", HOST, "databasePort", Integer.toString(PORT),
                "databaseName", name, "databaseUser", USER, "databasePassword", "", "databaseSsl", "false");
    }

    @Override
    void breakIt() throws SQLException {
        close();
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + PORT + "/", USER, "");
    }
}

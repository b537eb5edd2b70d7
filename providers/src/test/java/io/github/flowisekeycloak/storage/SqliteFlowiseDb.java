package io.github.flowisekeycloak.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Flowise's default: a database.sqlite file in a DATABASE_PATH folder, with the real SQLite schema. */
public final class SqliteFlowiseDb extends FlowiseDb {

    private final Path folder;

    public SqliteFlowiseDb() throws Exception {
        folder = Files.createTempDirectory("flowise-sqlite-it");
        load();
    }

    @Override
    public String type() {
        return "sqlite";
    }

    @Override
    String schemaResource() {
        return "sqlite-auth-schema.sql";
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("database.sqlite"));
    }

    @Override
    String timestamp(String literal) {
        return "'" + literal + "'";
    }

    @Override
    public Map<String, String> componentConfig() {
        return Map.of("databaseType", "sqlite", "databasePath", folder.toString());
    }

    /** Overwritten in place (same inode, so pooled connections see it too): no longer a database. */
    @Override
    void breakIt() throws IOException {
        Files.writeString(folder.resolve("database.sqlite"), "this is not a database ".repeat(400));
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

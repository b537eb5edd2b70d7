package io.github.flowisekeycloak.storage;

import io.github.flowisekeycloak.testing.WithKeycloak;

/** Issue 4's cases with Flowise's default SQLite file, read by the driver bundled in our jar. */
@WithKeycloak
class SqliteFlowiseStorageIT extends AbstractFlowiseStorageIT {

    @Override
    FlowiseDb newDatabase() throws Exception {
        return new SqliteFlowiseDb();
    }

    @Override
    String domain() {
        return "sqlite.example.com";
    }
}

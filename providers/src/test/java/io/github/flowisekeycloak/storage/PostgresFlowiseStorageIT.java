package io.github.flowisekeycloak.storage;

import io.github.flowisekeycloak.testing.WithKeycloak;

/** Issue 4's cases with Flowise on PostgreSQL (the real pg_dump schema). */
@WithKeycloak
class PostgresFlowiseStorageIT extends AbstractFlowiseStorageIT {

    @Override
    FlowiseDb newDatabase() throws Exception {
        return new PostgresFlowiseDb("cases");
    }

    @Override
    String domain() {
        return "example.com";
    }
}

package io.github.flowisekeycloak.storage;

import io.github.flowisekeycloak.testing.WithKeycloak;

/** Issue 4's cases with Flowise on MariaDB (standing in for MySQL: same dialect, same driver family). */
@WithKeycloak
class MariaDbFlowiseStorageIT extends AbstractFlowiseStorageIT {

    @Override
    FlowiseDb newDatabase() throws Exception {
        return new MariaDbFlowiseDb("cases");
    }

    @Override
    String domain() {
        return "mariadb.example.com";
    }
}

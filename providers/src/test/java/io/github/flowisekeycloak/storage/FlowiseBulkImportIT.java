package io.github.flowisekeycloak.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 case 7: "Sync all users" (the documented admin REST call behind the console's button)
 * migrates 10,000 generated Flowise users from PostgreSQL, and a second run changes nothing. Speed
 * and heap are measured by {@link FlowiseImportBenchmark}, not asserted here.
 */
@WithKeycloak
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowiseBulkImportIT {

    static final int ROWS = 10_000;
    static final String DOMAIN = "bulk.example.com";
    /** A realm of its own (a copy of the exported one), deleted afterwards: 10,000 users stay out of the shared realm. */
    static final String REALM = "flowise-bulk-it";

    KeycloakServer server;
    AdminApi admin;
    FlowiseComponents components;
    PostgresFlowiseDb db;
    String componentId;
    String invitedId;

    @BeforeAll
    void setUp(KeycloakServer keycloak) throws Exception {
        server = keycloak;
        admin = new AdminApi(server);
        var realm = (com.fasterxml.jackson.databind.node.ObjectNode) io.github.flowisekeycloak.testing.Json.read(
                java.nio.file.Files.readString(io.github.flowisekeycloak.testing.ItPaths.realmExport()));
        realm.put("realm", REALM);
        AdminApi.expectStatus(admin.send("POST", "/admin/realms", realm), 201);
        components = new FlowiseComponents(admin, REALM);
        db = new PostgresFlowiseDb("bulk");
        db.generateUsers(ROWS, DOMAIN, AbstractFlowiseStorageIT.HORSE_10);
        db.addUser("owner@" + DOMAIN, "Bulk Owner", AbstractFlowiseStorageIT.HORSE_10, "active", true,
                Map.of(db.otherWorkspaceId, "2026-02-03 04:05:06"));
        invitedId = db.addUser("invited@" + DOMAIN, "Invited", null, "invited", false, Map.of());
        db.addUser("unverified@" + DOMAIN, "Unverified", AbstractFlowiseStorageIT.HORSE_10, "unverified", false, Map.of());
        db.addUser("deleted@" + DOMAIN, "Deleted", AbstractFlowiseStorageIT.HORSE_10, "deleted", false, Map.of());
        componentId = components.add("flowise-bulk-it", db.componentConfig());
    }

    @AfterAll
    void tearDown() throws Exception {
        if (componentId != null) {
            components.remove(componentId);
        }
        if (db != null) {
            db.close();
        }
        admin.send("DELETE", "/admin/realms/" + REALM, null, java.time.Duration.ofMinutes(10));
    }

    @Test
    void case7_syncAllUsersMigratesEveryActiveUserOnceAndIsIdempotent() {
        int mark = server.logMark();
        JsonNode first = components.syncAll(componentId);
        assertThat(first.get("added").asInt()).as(first.toString()).isEqualTo(ROWS + 1);
        assertThat(first.get("failed").asInt()).isZero();
        assertThat(count()).isEqualTo(ROWS + 1);
        String log = server.logSince(mark);
        assertThat(log).contains("Flowise import 'flowise-bulk-it' progress: 10000 rows read");
        assertThat(log).contains("Flowise import 'flowise-bulk-it' done");

        JsonNode second = components.syncAll(componentId);
        assertThat(second.get("added").asInt()).as(second.toString()).isZero();
        assertThat(second.get("updated").asInt()).isZero();
        assertThat(second.get("failed").asInt()).isZero();
        assertThat(count()).isEqualTo(ROWS + 1);

        JsonNode owner = admin.get("/admin/realms/" + REALM + "/users?exact=true&email=owner%40" + DOMAIN).get(0);
        assertThat(owner.has("federationLink")).isFalse();
        assertThat(owner.at("/attributes/flowise_workspace_id/0").asText()).isEqualTo(db.otherWorkspaceId);
        JsonNode roles = admin.get("/admin/realms/" + REALM + "/users/" + owner.get("id").asText() + "/role-mappings/realm");
        assertThat(roles.toString()).contains("\"owner\"");
        assertThat(admin.get("/admin/realms/" + REALM + "/users?exact=true&email=invited%40" + DOMAIN)).isEmpty();
        assertThat(admin.get("/admin/realms/" + REALM + "/users?exact=true&email=unverified%40" + DOMAIN)).isEmpty();
        assertThat(admin.get("/admin/realms/" + REALM + "/users?exact=true&email=deleted%40" + DOMAIN)).isEmpty();

        // Imported users sign in with their Flowise password, with Flowise's database gone.
        admin.createDirectGrantClient(REALM, AbstractFlowiseStorageIT.DIRECT);
        components.remove(componentId);
        componentId = null;
        RealmLogin login = new RealmLogin(server, REALM);
        assertThat(login.passwordGrant(AbstractFlowiseStorageIT.DIRECT, "bulk-0004242@" + DOMAIN,
                AbstractFlowiseStorageIT.HORSE).statusCode()).isEqualTo(200);
    }

    private int count() {
        return Integer.parseInt(AdminApi.expectStatus(admin.send("GET",
                "/admin/realms/" + REALM + "/users/count?email=" + DOMAIN, null), 200).body().trim());
    }
}

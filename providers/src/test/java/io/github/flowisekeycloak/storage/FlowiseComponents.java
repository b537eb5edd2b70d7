package io.github.flowisekeycloak.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adds, changes and removes Flowise user-storage components through the admin REST API, as the console does. */
public final class FlowiseComponents {

    static final String PROVIDER_TYPE = "org.keycloak.storage.UserStorageProvider";

    private final AdminApi admin;
    private final String realm;

    public FlowiseComponents(AdminApi admin, String realm) {
        this.admin = admin;
        this.realm = realm;
    }

    /** POST /admin/realms/{realm}/components; answers the raw response so refusals can be checked. */
    HttpResponse<String> tryAdd(String name, Map<String, String> config) {
        return admin.send("POST", "/admin/realms/" + realm + "/components", representation(name, config));
    }

    public String add(String name, Map<String, String> config) {
        HttpResponse<String> r = AdminApi.expectStatus(tryAdd(name, config), 201);
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void remove(String id) {
        admin.send("DELETE", "/admin/realms/" + realm + "/components/" + id, null);
    }

    /** The documented bulk import: the console's "Sync all users". */
    JsonNode syncAll(String id) {
        HttpResponse<String> r = AdminApi.expectStatus(admin.send("POST",
                "/admin/realms/" + realm + "/user-storage/" + id + "/sync?action=triggerFullSync", null,
                java.time.Duration.ofMinutes(30)), 200);
        return io.github.flowisekeycloak.testing.Json.read(r.body());
    }

    private Map<String, Object> representation(String name, Map<String, String> config) {
        Map<String, List<String>> cfg = new LinkedHashMap<>();
        config.forEach((k, v) -> cfg.put(k, List.of(v)));
        cfg.put("enabled", List.of("true"));
        cfg.put("priority", List.of("0"));
        return Map.of("name", name, "providerId", FlowiseUserStorageProviderFactory.ID, "providerType", PROVIDER_TYPE,
                "parentId", admin.get("/admin/realms/" + realm).get("id").asText(), "config", cfg);
    }
}

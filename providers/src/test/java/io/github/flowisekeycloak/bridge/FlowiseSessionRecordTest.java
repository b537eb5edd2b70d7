package io.github.flowisekeycloak.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flowisekeycloak.storage.FlowiseLogin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowiseSessionRecordTest {

    /** passport.user exactly as a real Flowise 3.1.4 stored it in login_sessions after its own login (PostgreSQL). */
    static final String FLOWISE_PASSPORT_USER = "{\"id\":\"c392c950-66f9-4cb2-a9b3-e1f7d973ca87\",\"email\":\"alice@example.com\","
            + "\"name\":\"Alice Example\",\"roleId\":\"3faaf1cf-532e-4077-ad7c-2977063501c0\","
            + "\"activeOrganizationId\":\"94154707-535b-4d02-8e4a-942ad1bb2ba4\",\"activeOrganizationSubscriptionId\":null,"
            + "\"activeOrganizationCustomerId\":null,\"activeOrganizationProductId\":\"\",\"isOrganizationAdmin\":true,"
            + "\"activeWorkspaceId\":\"a439827d-1506-4dc9-b92e-ea98f18e6e25\",\"activeWorkspace\":\"Default Workspace\","
            + "\"assignedWorkspaces\":[{\"id\":\"a439827d-1506-4dc9-b92e-ea98f18e6e25\",\"name\":\"Default Workspace\",\"role\":\"owner\","
            + "\"organizationId\":\"94154707-535b-4d02-8e4a-942ad1bb2ba4\"}],\"permissions\":[\"organization\",\"workspace\"],\"features\":{}}";

    static final FlowiseLogin ALICE = new FlowiseLogin("c392c950-66f9-4cb2-a9b3-e1f7d973ca87", "alice@example.com", "Alice Example",
            "3faaf1cf-532e-4077-ad7c-2977063501c0", "94154707-535b-4d02-8e4a-942ad1bb2ba4", null, null, true,
            "a439827d-1506-4dc9-b92e-ea98f18e6e25", "Default Workspace",
            List.of(new FlowiseLogin.Workspace("a439827d-1506-4dc9-b92e-ea98f18e6e25", "Default Workspace", "owner",
                    "94154707-535b-4d02-8e4a-942ad1bb2ba4")), "[\"organization\",\"workspace\"]");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePassportUserIsByteForByteFlowises() throws Exception {
        String sess = new FlowiseSessionRecord(ALICE).sessJson(1_796_379_000_123L, false,
                new FlowiseSessionRecord.Mark("realm-1", "kc-user-1", "kc-session-1"));
        JsonNode root = JSON.readTree(sess);
        assertThat(JSON.writeValueAsString(root.get("passport").get("user"))).isEqualTo(FLOWISE_PASSPORT_USER);
        assertThat(sess).startsWith("{\"cookie\":{\"originalMaxAge\":null,\"expires\":\"2026-12-04T10:10:00.123Z\",\"secure\":false,"
                + "\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},\"passport\":{\"user\":" + FLOWISE_PASSPORT_USER + "}");
        assertThat(root.get("keycloakBridge").toString())
                .isEqualTo("{\"realm\":\"realm-1\",\"user\":\"kc-user-1\",\"session\":\"kc-session-1\"}");
    }

    @Test
    void theSecureFlagFollowsTheCookies() throws Exception {
        String sess = new FlowiseSessionRecord(ALICE).sessJson(0, true, new FlowiseSessionRecord.Mark("r", "u", "s"));
        assertThat(JSON.readTree(sess).get("cookie").get("secure").asBoolean()).isTrue();
    }

    @Test
    void localStorageHoldsWhatFlowisesUiWritesAfterItsLogin() throws Exception {
        Map<String, String> items = new FlowiseSessionRecord(ALICE).localStorage();
        assertThat(items.keySet()).containsExactly("isAuthenticated", "isGlobal", "isSSO", "user", "permissions", "features");
        assertThat(items).containsEntry("isAuthenticated", "true").containsEntry("isGlobal", "true").containsEntry("isSSO", "false")
                .containsEntry("permissions", "[\"organization\",\"workspace\"]").containsEntry("features", "{}");
        JsonNode user = JSON.readTree(items.get("user"));
        // authUtils.extractUser's order; status, role and lastLogin are not in a login answer, so JSON.stringify drops them.
        assertThat(user.fieldNames()).toIterable().containsExactly("id", "email", "name", "isSSO", "activeOrganizationId",
                "activeOrganizationSubscriptionId", "activeOrganizationCustomerId", "activeOrganizationProductId", "activeWorkspaceId",
                "activeWorkspace", "isOrganizationAdmin", "assignedWorkspaces", "permissions");
        assertThat(user.get("activeWorkspaceId").asText()).isEqualTo("a439827d-1506-4dc9-b92e-ea98f18e6e25");
        assertThat(user.get("assignedWorkspaces").get(0).get("role").asText()).isEqualTo("owner");
    }

    @Test
    void aMemberIsNotGlobal() {
        FlowiseLogin member = new FlowiseLogin("u", "m@example.com", "m@example.com", "r", "o", "sub", "cus", false, "w", "W", List.of(), "[]");
        assertThat(new FlowiseSessionRecord(member).localStorage()).containsEntry("isGlobal", "false").containsEntry("permissions", "[]");
    }

    @Test
    void permissionsThatAreNotAJsonArrayAreRefused() {
        for (String bad : new String[] {"", "{}", "not json", "\"x\""}) {
            FlowiseLogin login = new FlowiseLogin("u", "e", "n", "r", "o", null, null, false, "w", "W", List.of(), bad);
            assertThatThrownBy(() -> new FlowiseSessionRecord(login)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

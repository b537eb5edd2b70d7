package io.github.flowisekeycloak.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flowisekeycloak.storage.FlowiseLogin;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session record Flowise's login leaves in its store, byte for byte in its shape: express-session's
 * {@code cookie} part and passport's {@code passport.user} (Flowise's {@code LoggedInUser}), plus one
 * field of ours, {@code keycloakBridge}, naming the realm, user and Keycloak session it belongs to
 * (express-session keeps unknown fields when Flowise saves the session again; Flowise never reads it).
 * Also the values Flowise's UI writes into localStorage after its own login.
 */
final class FlowiseSessionRecord {

    /** Our field in the record. */
    static final String MARK = "keycloakBridge";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JavaScript's Date.prototype.toJSON. */
    private static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Which Keycloak session a Flowise session belongs to. */
    record Mark(String realmId, String userId, String sessionId) {
    }

    private final FlowiseLogin login;
    private final ArrayNode permissions;

    /** Throws {@link IllegalArgumentException} when the role's permissions are not a JSON array (Flowise's login fails there too). */
    FlowiseSessionRecord(FlowiseLogin login) {
        this.login = login;
        try {
            JsonNode parsed = JSON.readTree(login.permissionsJson() == null ? "" : login.permissionsJson());
            if (parsed == null || !parsed.isArray()) {
                throw new IllegalArgumentException("the workspace role's permissions are not a JSON array");
            }
            this.permissions = (ArrayNode) parsed;
        } catch (IOException e) {
            throw new IllegalArgumentException("the workspace role's permissions are not JSON", e);
        }
    }

    /**
     * The {@code sess} JSON. {@code expires} is the Keycloak session's end; {@code originalMaxAge}
     * stays null as in Flowise's own rows (express-session recomputes {@code expires} from it on
     * every request, so no value here could pin the store's expiry: the sweep ends the session).
     */
    String sessJson(long expiresAtMillis, boolean secureCookie, Mark mark) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode cookie = root.putObject("cookie");
        cookie.putNull("originalMaxAge");
        cookie.put("expires", JS_DATE.format(Instant.ofEpochMilli(expiresAtMillis)));
        cookie.put("secure", secureCookie);
        cookie.put("httpOnly", true);
        cookie.put("path", "/");
        cookie.put("sameSite", "lax");
        root.putObject("passport").set("user", loggedInUser());
        ObjectNode ours = root.putObject(MARK);
        ours.put("realm", mark.realmId());
        ours.put("user", mark.userId());
        ours.put("session", mark.sessionId());
        return write(root);
    }

    /** Flowise's LoggedInUser, in the order its login builds it. */
    ObjectNode loggedInUser() {
        ObjectNode user = JSON.createObjectNode();
        user.put("id", login.userId());
        user.put("email", login.email());
        user.put("name", login.name());
        user.put("roleId", login.roleId());
        user.put("activeOrganizationId", login.organizationId());
        user.put("activeOrganizationSubscriptionId", login.organizationSubscriptionId());
        user.put("activeOrganizationCustomerId", login.organizationCustomerId());
        // The open-source edition answers '' without a subscription (IdentityManager.getProductIdFromSubscription).
        user.put("activeOrganizationProductId", "");
        user.put("isOrganizationAdmin", login.organizationAdmin());
        user.put("activeWorkspaceId", login.workspaceId());
        user.put("activeWorkspace", login.workspaceName());
        ArrayNode workspaces = user.putArray("assignedWorkspaces");
        for (FlowiseLogin.Workspace w : login.assignedWorkspaces()) {
            workspaces.addObject().put("id", w.id()).put("name", w.name()).put("role", w.role()).put("organizationId", w.organizationId());
        }
        user.set("permissions", permissions.deepCopy());
        // The open-source edition's feature flags (IdentityManager.getFeaturesByPlan): none.
        user.putObject("features");
        return user;
    }

    /**
     * What Flowise's UI stores in localStorage after a login (authUtils.updateStateAndLocalStorage):
     * the user as extractUser picks it from the login answer (keys absent from that answer, such as
     * status, role and lastLogin, are dropped by JSON.stringify), and the flags as strings.
     */
    Map<String, String> localStorage() {
        ObjectNode user = JSON.createObjectNode();
        user.put("id", login.userId());
        user.put("email", login.email());
        user.put("name", login.name());
        user.put("isSSO", false);
        user.put("activeOrganizationId", login.organizationId());
        user.put("activeOrganizationSubscriptionId", login.organizationSubscriptionId());
        user.put("activeOrganizationCustomerId", login.organizationCustomerId());
        user.put("activeOrganizationProductId", "");
        user.put("activeWorkspaceId", login.workspaceId());
        user.put("activeWorkspace", login.workspaceName());
        user.put("isOrganizationAdmin", login.organizationAdmin());
        user.set("assignedWorkspaces", loggedInUser().get("assignedWorkspaces"));
        user.set("permissions", permissions.deepCopy());
        Map<String, String> items = new LinkedHashMap<>();
        items.put("isAuthenticated", "true");
        items.put("isGlobal", Boolean.toString(login.organizationAdmin()));
        items.put("isSSO", "false");
        items.put("user", write(user));
        items.put("permissions", write(permissions));
        items.put("features", "{}");
        return items;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.github.flowisekeycloak.cookie;

import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Keycloak user as Flowise sees one: the id Flowise knows (the {@code flowise_id} attribute of a
 * migrated user, else the Keycloak id, also a uuid), the display name Flowise puts in the token's
 * {@code username} claim (its {@code name}, defaulting to the email), and the active workspace.
 */
final class FlowiseUserView {

    static final String FLOWISE_ID = "flowise_id";
    static final String FLOWISE_WORKSPACE_ID = "flowise_workspace_id";

    private FlowiseUserView() {
    }

    static String id(UserModel user) {
        String flowiseId = user.getFirstAttribute(FLOWISE_ID);
        return flowiseId == null || flowiseId.isBlank() ? user.getId() : flowiseId;
    }

    static String name(UserModel user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName().trim();
        String last = user.getLastName() == null ? "" : user.getLastName().trim();
        String name = (first + " " + last).trim();
        if (!name.isEmpty()) {
            return name;
        }
        return user.getEmail() != null ? user.getEmail() : user.getUsername();
    }

    static String workspaceId(UserModel user, String defaultWorkspaceId) {
        String workspace = user.getFirstAttribute(FLOWISE_WORKSPACE_ID);
        return workspace == null || workspace.isBlank() ? defaultWorkspaceId : workspace;
    }

    /** The answer body: Flowise's logged-in user, without anything secret (no token ever goes here). */
    static Map<String, Object> json(UserModel user, String defaultWorkspaceId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id(user));
        body.put("email", user.getEmail());
        body.put("name", name(user));
        body.put("activeWorkspaceId", workspaceId(user, defaultWorkspaceId));
        body.put("isOrganizationAdmin", user.getRealmRoleMappingsStream().anyMatch(role -> "owner".equals(role.getName())));
        body.put("isSSO", false);
        return body;
    }
}

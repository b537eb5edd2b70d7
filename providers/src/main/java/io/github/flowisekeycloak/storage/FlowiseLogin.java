package io.github.flowisekeycloak.storage;

import java.util.List;

/**
 * What Flowise's own login (3.1, the open-source edition) reads for a user and keeps in the session
 * as {@code passport.user}: the user, the workspace membership it makes active (latest non-null
 * {@code lastLogin}, else the first one), the organization membership and its role, the workspace
 * role's permissions (JSON text as stored), and every workspace the user belongs to.
 *
 * @param permissionsJson the workspace role's {@code permissions} column: a JSON array as text
 */
public record FlowiseLogin(String userId, String email, String name, String roleId, String organizationId,
                           String organizationSubscriptionId, String organizationCustomerId, boolean organizationAdmin,
                           String workspaceId, String workspaceName, List<Workspace> assignedWorkspaces,
                           String permissionsJson) {

    /** One entry of {@code assignedWorkspaces}: {@code {id, name, role, organizationId}}. */
    public record Workspace(String id, String name, String role, String organizationId) {
    }

    /** The account exists and is active, yet Flowise's own login would fail for it too (its 404s), so nobody is signed in. */
    public static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        public enum Reason {
            NO_WORKSPACE("the account belongs to no workspace"),
            NO_ORGANIZATION_MEMBERSHIP("the account is not a member of its workspace's organization"),
            NO_ORGANIZATION("the account's organization does not exist");

            private final String text;

            Reason(String text) {
                this.text = text;
            }
        }

        private final Reason reason;

        Refused(Reason reason) {
            super(reason.text);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    public FlowiseLogin {
        assignedWorkspaces = List.copyOf(assignedWorkspaces);
    }

    @Override
    public String toString() {
        return "FlowiseLogin[" + userId + ", workspace " + workspaceId + "]"; // no email in logs
    }
}

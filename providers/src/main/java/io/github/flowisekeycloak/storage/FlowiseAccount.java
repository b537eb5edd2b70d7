package io.github.flowisekeycloak.storage;

/** A Flowise user row as the bridge needs it: who, and whether Flowise would let them in. */
public record FlowiseAccount(String id, String email, String name, String status) {

    /** Flowise's own status for a user who may sign in. */
    public boolean active() {
        return FlowiseUser.ACTIVE.equals(status);
    }

    static FlowiseAccount of(FlowiseUser user) {
        return new FlowiseAccount(user.id(), user.email(), user.name(), user.status());
    }

    @Override
    public String toString() {
        return "FlowiseAccount[" + id + ", " + status + "]"; // no email in logs
    }
}

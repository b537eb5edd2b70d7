package io.github.flowisekeycloak.storage;

import java.util.Locale;

/** One row of Flowise's {@code user} table, with the role and active workspace Flowise would give it at login. */
record FlowiseUser(String id, String name, String email, String credential, String status, String roleName,
                   String workspaceId) {

    static final String ACTIVE = "active";
    static final String UNVERIFIED = "unverified";
    static final String DELETED = "deleted";
    static final String OWNER = "owner";

    /** Rows that may reach a password check: active or unverified, with a stored hash. Invited rows have none. */
    boolean mayPresentPassword() {
        return hasHash() && (ACTIVE.equals(status) || UNVERIFIED.equals(status));
    }

    boolean active() {
        return ACTIVE.equals(status) && hasHash();
    }

    boolean unverified() {
        return UNVERIFIED.equals(status);
    }

    boolean hasHash() {
        return credential != null && !credential.isBlank();
    }

    /** Keycloak stores usernames and emails lower-cased. */
    String keycloakUsername() {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    boolean owner() {
        return roleName != null && OWNER.equalsIgnoreCase(roleName.trim());
    }

    /** The cost inside a {@code $2a$NN$...} hash, or -1. */
    int bcryptCost() {
        if (credential == null || credential.length() < 7 || credential.charAt(0) != '$' || credential.charAt(6) != '$') {
            return -1;
        }
        try {
            return Integer.parseInt(credential.substring(4, 6));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Flowise keeps one {@code name}; it defaults to the email, which is no person's name. */
    String firstName() {
        String[] parts = nameParts();
        return parts == null ? null : parts[0];
    }

    String lastName() {
        String[] parts = nameParts();
        return parts == null || parts.length < 2 ? null : parts[1];
    }

    private String[] nameParts() {
        if (name == null || name.isBlank() || name.trim().equalsIgnoreCase(email.trim())) {
            return null;
        }
        return name.trim().split("\\s+", 2);
    }

    @Override
    public String toString() {
        return "FlowiseUser[" + id + ", " + status + "]"; // no email, no hash in logs
    }
}

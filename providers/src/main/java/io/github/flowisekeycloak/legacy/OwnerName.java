package io.github.flowisekeycloak.legacy;

/**
 * Flowise keeps one {@code name}; the realm keeps first and last name. Split at the first space,
 * the same rule the user-storage migration uses, so "Alice Admin" reads back as "Alice Admin".
 */
record OwnerName(String first, String last) {

    static OwnerName split(String name) {
        String trimmed = name == null ? "" : name.strip().replaceAll("\\s+", " ");
        int space = trimmed.indexOf(' ');
        return space < 0 ? new OwnerName(trimmed, "") : new OwnerName(trimmed.substring(0, space), trimmed.substring(space + 1));
    }

    boolean isEmpty() {
        return first.isEmpty();
    }
}

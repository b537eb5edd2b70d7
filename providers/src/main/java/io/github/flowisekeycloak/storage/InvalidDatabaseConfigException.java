package io.github.flowisekeycloak.storage;

/** The component form cannot describe a reachable database; the message names the field. */
final class InvalidDatabaseConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidDatabaseConfigException(String message) {
        super(message);
    }
}

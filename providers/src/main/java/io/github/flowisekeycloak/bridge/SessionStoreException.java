package io.github.flowisekeycloak.bridge;

/** Flowise's session store could not be reached or used; the message names the store, never a secret. */
final class SessionStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    SessionStoreException(String message) {
        super(message);
    }

    /** The message with its causes, one line, for logs and pages (no stack trace). */
    String describe() {
        StringBuilder sb = new StringBuilder(getMessage());
        Throwable t = getCause();
        for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
            sb.append(": ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}

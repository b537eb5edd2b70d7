package io.github.flowisekeycloak.settings;

/**
 * A Flowise environment variable holds a value we cannot use. Thrown while Keycloak starts, so the
 * server stops with a message that names the variable (and never echoes a secret's value).
 */
public final class InvalidSettingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String variable;

    public InvalidSettingException(String variable, String problem) {
        super("Invalid environment variable " + variable + ": " + problem);
        this.variable = variable;
    }

    /** The name of the offending variable, for callers that want to report it separately. */
    public String variable() {
        return variable;
    }
}

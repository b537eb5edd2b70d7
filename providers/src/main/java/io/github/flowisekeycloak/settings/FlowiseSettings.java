package io.github.flowisekeycloak.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The one reader of Flowise's environment variables: parsed and validated once, then immutable.
 *
 * <p>Each setting keeps "unset" apart from "set to the default" (an {@code Optional}), because an
 * unset variable must leave whatever an administrator configured in the realm, while a set one
 * overrides it. Defaults are those of Flowise's documentation. Later capabilities add their
 * variables here, never by calling {@link System#getenv} themselves.
 */
public final class FlowiseSettings {

    public static final String PASSWORD_SALT_HASH_ROUNDS = "PASSWORD_SALT_HASH_ROUNDS";

    /** Flowise's default bcrypt cost since 3.0.13. */
    public static final int DEFAULT_BCRYPT_COST = 10;
    /** bcrypt's own bounds for the cost (log2 of the rounds). */
    public static final int MIN_BCRYPT_COST = 4;
    public static final int MAX_BCRYPT_COST = 31;

    private final OptionalInt passwordSaltHashRounds;

    private FlowiseSettings(EnvironmentReader env) {
        this.passwordSaltHashRounds = env.integer(PASSWORD_SALT_HASH_ROUNDS, MIN_BCRYPT_COST, MAX_BCRYPT_COST);
    }

    /** Reads the process environment. Throws {@link InvalidSettingException} naming a bad variable. */
    public static FlowiseSettings fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the given variables; the seam for tests. */
    public static FlowiseSettings from(Map<String, String> env) {
        return new FlowiseSettings(new EnvironmentReader(env));
    }

    /** {@code PASSWORD_SALT_HASH_ROUNDS} as set, or empty when unset. */
    public OptionalInt passwordSaltHashRounds() {
        return passwordSaltHashRounds;
    }

    /** The bcrypt cost for new hashes when the realm policy names none. */
    public int bcryptCost() {
        return passwordSaltHashRounds.orElse(DEFAULT_BCRYPT_COST);
    }

    /** What was read, for a start-up log line: variable name to value, "(unset)" when unset. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(PASSWORD_SALT_HASH_ROUNDS, passwordSaltHashRounds.isPresent()
                ? Integer.toString(passwordSaltHashRounds.getAsInt()) : "(unset)");
        return out;
    }
}

package io.github.flowisekeycloak.settings;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Typed, strict access to an environment map. A blank value counts as unset (Flowise's own
 * {@code if (process.env.X)} checks treat the empty string the same way); anything else must parse
 * completely, or an {@link InvalidSettingException} names the variable.
 */
final class EnvironmentReader {

    private final Map<String, String> env;

    EnvironmentReader(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The trimmed value, or empty when the variable is unset or blank. */
    Optional<String> string(String name) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(raw.trim());
    }

    /** A whole decimal number within {@code [min, max]}; "12abc" or "1e3" is refused, unlike parseInt. */
    OptionalInt integer(String name, int min, int max) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        String text = value.get();
        if (!text.matches("[+-]?\\d{1,10}")) {
            throw new InvalidSettingException(name, "'" + text + "' is not a whole number");
        }
        long parsed = Long.parseLong(text);
        if (parsed < min || parsed > max) {
            throw new InvalidSettingException(name, text + " is outside the allowed range " + min + ".." + max);
        }
        return OptionalInt.of((int) parsed);
    }
}

package io.github.flowisekeycloak.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Typed, strict access to an environment map. A blank value counts as unset (Flowise's own
 * {@code if (process.env.X)} checks treat the empty string the same way); anything else must parse
 * completely, or an {@link InvalidSettingException} names the variable. Values of secrets are never
 * put into messages.
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

    /** A secret, trimmed as Flowise trims environment secrets; empty when unset or blank. */
    Optional<Secret> secret(String name) {
        return string(name).map(value -> new Secret(name, value));
    }

    /**
     * A secret compared verbatim (not trimmed), as Flowise compared {@code FLOWISE_PASSWORD}; a value
     * of only whitespace still counts as unset.
     */
    Optional<Secret> verbatimSecret(String name) {
        String raw = env.get(name);
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(new Secret(name, raw));
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

    /** A count of minutes: a whole number of at least 1. */
    OptionalInt minutes(String name) {
        return integer(name, 1, Integer.MAX_VALUE);
    }

    /** {@code true} or {@code false} (any letter case); anything else is refused. */
    Optional<Boolean> bool(String name) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true":
                return Optional.of(true);
            case "false":
                return Optional.of(false);
            default:
                throw new InvalidSettingException(name, "'" + value.get() + "' is not true or false");
        }
    }

    /** One of {@code allowed} (compared in lower case), returned in lower case. */
    Optional<String> choice(String name, Set<String> allowed) {
        Optional<String> value = string(name).map(v -> v.toLowerCase(Locale.ROOT));
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw new InvalidSettingException(name, "'" + value.get() + "' is not one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** An absolute http or https URL with a host. */
    Optional<URI> httpUrl(String name) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidSettingException(name, "'" + value.get() + "' is not an http(s) URL with a host");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(name, "'" + value.get() + "' is not a URL: " + e.getReason());
        }
    }
}

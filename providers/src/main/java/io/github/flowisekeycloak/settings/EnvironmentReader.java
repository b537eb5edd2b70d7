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

    /** One of {@code allowed}, exactly as written (Flowise compares these with ===, so "Queue" is not "queue"). */
    Optional<String> exactChoice(String name, Set<String> allowed) {
        Optional<String> value = string(name);
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw new InvalidSettingException(name, "'" + value.get() + "' is not one of " + String.join(", ", new java.util.TreeSet<>(allowed))
                    + " (lower case, as Flowise compares it)");
        }
        return value;
    }

    /**
     * Flowise's Redis connection as ioredis builds it: {@code REDIS_URL} alone when set (its scheme
     * decides TLS; user, password and database number come from the URL), else the separate
     * variables. The URL's password never appears in a message.
     */
    FlowiseSettings.Redis redis() {
        Optional<String> url = string(FlowiseSettings.REDIS_URL);
        if (url.isPresent()) {
            return redisFromUrl(url.get());
        }
        return new FlowiseSettings.Redis(string(FlowiseSettings.REDIS_HOST).orElse("localhost"),
                integer(FlowiseSettings.REDIS_PORT, 1, 65535).orElse(6379), string(FlowiseSettings.REDIS_USERNAME),
                secret(FlowiseSettings.REDIS_PASSWORD), bool(FlowiseSettings.REDIS_TLS).orElse(false), 0,
                pem(FlowiseSettings.REDIS_CERT), pem(FlowiseSettings.REDIS_KEY).map(k -> new Secret(FlowiseSettings.REDIS_KEY, k)),
                pem(FlowiseSettings.REDIS_CA), false);
    }

    private FlowiseSettings.Redis redisFromUrl(String text) {
        String name = FlowiseSettings.REDIS_URL;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(name, "is not a URL (redis://[user:password@]host[:port][/db])");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new InvalidSettingException(name, "must start with redis:// or rediss://");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InvalidSettingException(name, "has no host name");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Optional<String> username = Optional.empty();
        Optional<Secret> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String pass = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            username = user.isEmpty() ? Optional.empty() : Optional.of(user);
            password = pass.isEmpty() ? Optional.empty() : Optional.of(new Secret(name, pass));
        }
        int database = 0;
        String path = uri.getRawPath();
        String dbText = path == null || path.isEmpty() || path.equals("/") ? null : path.substring(1);
        if (dbText == null && uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.startsWith("db=")) {
                    dbText = pair.substring(3);
                }
            }
        }
        if (dbText != null) {
            if (!dbText.matches("\\d{1,5}")) {
                throw new InvalidSettingException(name, "names a database that is not a number (the path must be /0, /1, ...)");
            }
            database = Integer.parseInt(dbText);
        }
        return new FlowiseSettings.Redis(host, uri.getPort() == -1 ? 6379 : uri.getPort(), username, password,
                scheme.equals("rediss"), database, Optional.empty(), Optional.empty(), Optional.empty(), true);
    }

    private static String decode(String percentEncoded) {
        try {
            return java.net.URLDecoder.decode(percentEncoded.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(FlowiseSettings.REDIS_URL, "has a badly percent-encoded user or password");
        }
    }

    /** A base64-encoded PEM text (Flowise's REDIS_CERT, REDIS_KEY, REDIS_CA), decoded; refused when it is not one. */
    private Optional<String> pem(String name) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(java.util.Base64.getDecoder().decode(value.get().replaceAll("\\s", "")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(name, "is not base64 (Flowise expects the PEM file base64-encoded)");
        }
        if (!decoded.contains("-----BEGIN ")) {
            throw new InvalidSettingException(name, "does not decode to a PEM text (-----BEGIN ...)");
        }
        return Optional.of(decoded);
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

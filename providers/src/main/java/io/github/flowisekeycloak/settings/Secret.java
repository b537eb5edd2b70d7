package io.github.flowisekeycloak.settings;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A secret read from the environment. Never printed: {@link #toString()} masks it. Used as Flowise
 * uses it, as the UTF-8 bytes of the string (a base64-looking value is not decoded).
 *
 * <p>Flowise 3.1+ ignores its own known weak defaults (the values its {@code .env.example} files and
 * 3.0.x code shipped) and generates a random secret instead; we refuse them the same way: a feature
 * that signs with a weak secret stays off.
 */
public final class Secret {

    /** Values Flowise treats as "not set" (3.1 authSecrets) or hard-coded in 3.0.x. */
    static final Set<String> KNOWN_WEAK = Set.of(
            "AABBCCDDAABBCCDDAABBCCDDAABBCCDDAABBCCDD", // .env.example JWT secrets
            "popcorn", // .env.example TOKEN_HASH_SECRET
            "flowise", // express-session default
            "auth_token", "refresh_token", "Secre$t"); // 3.0.x hard-coded defaults

    private final String variable;
    private final String value;

    Secret(String variable, String value) {
        this.variable = Objects.requireNonNull(variable);
        this.value = Objects.requireNonNull(value);
    }

    /** The variable this secret came from, for messages. */
    public String variable() {
        return variable;
    }

    /** Whether this is one of Flowise's published weak defaults. */
    public boolean isKnownWeak() {
        return KNOWN_WEAK.contains(value);
    }

    /** The secret's UTF-8 bytes; the caller should clear the copy when done. */
    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The secret as text, for APIs that need a String (e.g. comparing a submitted password). */
    public String reveal() {
        return value;
    }

    /** Constant-time equality of the UTF-8 bytes, for comparing against a submitted value. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        byte[] a = utf8();
        byte[] b = candidate.getBytes(StandardCharsets.UTF_8);
        try {
            return java.security.MessageDigest.isEqual(a, b);
        } finally {
            Arrays.fill(a, (byte) 0);
            Arrays.fill(b, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return isKnownWeak() ? "(set, a known weak default)" : "(set, " + value.length() + " characters)";
    }
}

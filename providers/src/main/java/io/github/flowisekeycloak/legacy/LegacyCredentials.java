package io.github.flowisekeycloak.legacy;

import io.github.flowisekeycloak.settings.FlowiseSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Flowise's legacy basic-auth pair ({@code FLOWISE_USERNAME} / {@code FLOWISE_PASSWORD}), kept only
 * as SHA-256 digests and compared in constant time by construction: both sides are digested first,
 * so the comparison always runs over 32 bytes whatever the lengths, and both halves are always
 * compared (no short-circuit), so neither the length nor which half was wrong can leak through
 * timing. Flowise compared with {@code ===}: case-sensitive, verbatim; so do we (the username is
 * trimmed on both sides, as the settings reader trims the variable).
 */
final class LegacyCredentials {

    private final byte[] usernameDigest;
    private final byte[] passwordDigest;

    private LegacyCredentials(byte[] usernameDigest, byte[] passwordDigest) {
        this.usernameDigest = usernameDigest;
        this.passwordDigest = passwordDigest;
    }

    /** The pair when both variables are set, else empty (Flowise's rule: the gate needs both). */
    static Optional<LegacyCredentials> from(FlowiseSettings settings) {
        if (settings.flowiseUsername().isEmpty() || settings.flowisePassword().isEmpty()) {
            return Optional.empty();
        }
        byte[] password = settings.flowisePassword().get().utf8();
        try {
            return Optional.of(new LegacyCredentials(digest(settings.flowiseUsername().get()), digestBytes(password)));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** Whether the submitted pair is the legacy pair. Null or missing values never match. */
    boolean matches(String username, String password) {
        byte[] u = digest(username == null ? "" : username.strip());
        byte[] p = digest(password == null ? "" : password);
        // '&', not '&&': both digests are always compared.
        boolean same = MessageDigest.isEqual(usernameDigest, u) & MessageDigest.isEqual(passwordDigest, p);
        return same && username != null && password != null;
    }

    static byte[] digest(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        try {
            return digestBytes(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] digestBytes(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

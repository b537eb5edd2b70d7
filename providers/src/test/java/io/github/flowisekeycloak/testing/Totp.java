package io.github.flowisekeycloak.testing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/** RFC 6238 codes (HmacSHA1, 6 digits, 30 s) for a Keycloak OTP credential whose secret is stored as text. */
public final class Totp {

    private Totp() {
    }

    public static String code(String secret, long epochSeconds) {
        return code(secret.getBytes(StandardCharsets.UTF_8), epochSeconds);
    }

    /**
     * The code for the key a person copies from Keycloak's "Unable to scan?" page (Base32, in groups
     * of four separated by spaces), as an authenticator app computes it.
     */
    public static String fromDisplayedKey(String base32Key, long epochSeconds) {
        return code(base32(base32Key), epochSeconds);
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replaceAll("[\\s=]", "").toUpperCase().toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not Base32: " + text);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static String code(byte[] key, long epochSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(epochSeconds / 30).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String now(String secret) {
        return code(secret, System.currentTimeMillis() / 1000);
    }
}

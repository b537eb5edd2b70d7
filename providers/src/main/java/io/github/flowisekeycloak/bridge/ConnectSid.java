package io.github.flowisekeycloak.bridge;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * express-session's session ids and its {@code connect.sid} cookie: {@code s:} + id + {@code .} +
 * base64 HMAC-SHA256 of the id keyed with EXPRESS_SESSION_SECRET, without {@code =} padding (the
 * {@code cookie-signature} package), written URL-encoded the way {@code encodeURIComponent} does.
 */
final class ConnectSid {

    static final String COOKIE = "connect.sid";
    /** express-session uses uid-safe(24): 24 random bytes, 192 bits, 32 base64url characters. */
    static final int ID_BYTES = 24;

    private final SecureRandom random;
    private final byte[] secret;

    ConnectSid(SecureRandom random, byte[] secret) {
        this.random = random;
        this.secret = secret.clone();
    }

    /** A fresh session id from the cryptographic random source, as express-session makes them. */
    String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The cookie value for a session id, URL-encoded as express-session sends it. */
    String cookieValue(String sid) {
        return encodeUriComponent("s:" + sid + "." + signature(sid));
    }

    /** The session id a cookie value carries, when its signature is right (constant-time compare). */
    Optional<String> verify(String cookieValue) {
        String raw;
        try {
            raw = java.net.URLDecoder.decode(cookieValue.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int dot = raw.lastIndexOf('.');
        if (!raw.startsWith("s:") || dot < 3) {
            return Optional.empty();
        }
        String sid = raw.substring(2, dot);
        byte[] given = raw.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = signature(sid).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected) ? Optional.of(sid) : Optional.empty();
    }

    private String signature(String sid) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String base64 = Base64.getEncoder().encodeToString(mac.doFinal(sid.getBytes(StandardCharsets.UTF_8)));
            return base64.replaceAll("=+$", "");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JavaScript's encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ) is percent-encoded (UTF-8). */
    static String encodeUriComponent(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.!~*'()".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

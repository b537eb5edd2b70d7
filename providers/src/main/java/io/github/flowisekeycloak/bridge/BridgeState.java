package io.github.flowisekeycloak.bridge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sign-in the bridge started in one browser: a random {@code state} and a PKCE verifier (256
 * bits each), kept in a cookie named after the state, on the bridge's path only, for as long as
 * the realm lets a login page live. The callback accepts a state only with its cookie, so a link
 * from elsewhere (another person's code and state) finds no cookie and is refused; the verifier
 * never leaves this browser and Keycloak, so a stolen code alone is useless. One cookie per
 * state lets several tabs sign in at once.
 */
record BridgeState(String state, String verifier) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    static BridgeState create(SecureRandom random) {
        return new BridgeState(token(random), token(random));
    }

    private static String token(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A value we could have made (43 base64url characters); anything else is not looked up. */
    static boolean looksLikeState(String value) {
        return value != null && TOKEN.matcher(value).matches();
    }

    /** The S256 challenge of the verifier. */
    String challenge() {
        return s256(verifier);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String cookieName(String state) {
        return BridgeResource.STATE_COOKIE_PREFIX + state;
    }

    String setCookie(String path, int maxAgeSeconds, boolean secure) {
        return cookieName(state) + "=" + state + "." + verifier + "; Path=" + path + "; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    static String clearCookie(String state, String path, boolean secure) {
        return cookieName(state) + "=; Path=" + path + "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }

    /** The verifier the cookie for {@code state} holds, when the cookie is there and names that state (constant-time). */
    static Optional<String> verifier(String state, String cookieValue) {
        if (cookieValue == null) {
            return Optional.empty();
        }
        int dot = cookieValue.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String kept = cookieValue.substring(0, dot);
        String verifier = cookieValue.substring(dot + 1);
        boolean same = MessageDigest.isEqual(kept.getBytes(StandardCharsets.US_ASCII), state.getBytes(StandardCharsets.US_ASCII));
        return same && looksLikeState(verifier) ? Optional.of(verifier) : Optional.empty();
    }
}

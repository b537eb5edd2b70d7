package io.github.flowisekeycloak.cookie;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The {@code meta} claim of Flowise's tokens: AES-256-CBC of {@code "<userId>:<workspaceId>"} with
 * PKCS#7 padding, the key being the SHA-256 digest of the {@code TOKEN_HASH_SECRET} string's UTF-8
 * bytes, a fresh random IV each time, written {@code <iv hex>:<ciphertext hex>} in lower case.
 */
final class MetaCipher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    MetaCipher(byte[] tokenHashSecret) {
        try {
            this.key = new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(tokenHashSecret), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String encrypt(String userId, String workspaceId) {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            byte[] ciphertext = cipher.doFinal((userId + ":" + workspaceId).getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(iv) + ":" + HEX.formatHex(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plaintext, or empty when the text is not something this key encrypted. */
    Optional<String> decrypt(String meta) {
        int colon = meta == null ? -1 : meta.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            byte[] iv = HEX.parseHex(meta.substring(0, colon));
            byte[] ciphertext = HEX.parseHex(meta.substring(colon + 1));
            if (iv.length != 16 || ciphertext.length == 0 || ciphertext.length % 16 != 0) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            return Optional.of(new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | BadPaddingException | IllegalBlockSizeException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

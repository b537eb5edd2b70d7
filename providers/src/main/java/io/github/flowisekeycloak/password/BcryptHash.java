package io.github.flowisekeycloak.password;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bcrypt hash in the modular-crypt form Flowise stores ({@code $2a$10$<22 salt><31 hash>}), and
 * the bcryptjs-compatible rules for matching a password against it.
 *
 * <p>bcryptjs (Flowise's library) hashes the password's UTF-8 bytes plus a terminating NUL and keeps
 * the first 72 bytes of that key, with no Unicode normalisation; {@code $2a$}, {@code $2b$} and
 * {@code $2y$} are the same algorithm. Bouncy Castle's {@link OpenBSDBCrypt} (shipped inside
 * Keycloak) applies exactly that rule to a byte array and compares in constant time, so the only
 * thing left to us is producing the same bytes: strict UTF-8, because Java's encoder would turn a
 * lone surrogate into {@code ?} while bcryptjs never matches such input at all.
 */
final class BcryptHash {

    /** The three prefixes Flowise's bcryptjs accepts, a two-digit cost and 53 radix-64 characters. */
    private static final Pattern FORMAT = Pattern.compile("\\$2([aby])\\$(\\d{2})\\$[./A-Za-z0-9]{53}");
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String text;
    private final int cost;

    private BcryptHash(String text, int cost) {
        this.text = text;
        this.cost = cost;
    }

    /** Parses a stored hash; empty for anything that is not a well-formed bcrypt hash. */
    static Optional<BcryptHash> parse(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(stored);
        if (!m.matches()) {
            return Optional.empty();
        }
        int cost = Integer.parseInt(m.group(2));
        if (cost < 4 || cost > 31) {
            return Optional.empty();
        }
        return Optional.of(new BcryptHash(stored, cost));
    }

    /** Creates a new {@code $2a$} hash (the prefix bcryptjs writes) with a fresh random salt. */
    static BcryptHash create(String password, int cost) {
        byte[] key = utf8(password).orElseThrow(
                () -> new IllegalArgumentException("the password is not valid Unicode text"));
        try {
            byte[] salt = new byte[SALT_BYTES];
            RANDOM.nextBytes(salt);
            return new BcryptHash(OpenBSDBCrypt.generate("2a", key, salt, cost), cost);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Whether bcryptjs would accept {@code password} for this hash. Never throws: a password that is
     * not valid Unicode (a lone surrogate) simply does not match, and costs nothing to refuse.
     */
    boolean matches(String password) {
        Optional<byte[]> key = utf8(password);
        if (key.isEmpty()) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(text, key.get());
        } catch (IllegalArgumentException malformedDespiteFormat) {
            // e.g. a salt whose last radix-64 character carries stray bits: not a hash bcryptjs wrote.
            return false;
        } finally {
            Arrays.fill(key.get(), (byte) 0);
        }
    }

    int cost() {
        return cost;
    }

    String text() {
        return text;
    }

    /** UTF-8 bytes of the text, or empty when it holds an unpaired surrogate. */
    static Optional<byte[]> utf8(String text) {
        if (text == null) {
            return Optional.empty();
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer buffer = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            if (buffer.hasArray()) {
                Arrays.fill(buffer.array(), (byte) 0);
            }
            return Optional.of(bytes);
        } catch (CharacterCodingException loneSurrogate) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        // Never print the hash itself: it is a password-equivalent for offline guessing.
        return "BcryptHash[cost=" + cost + "]";
    }
}

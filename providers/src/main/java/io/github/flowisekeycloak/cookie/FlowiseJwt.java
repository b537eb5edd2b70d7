package io.github.flowisekeycloak.cookie;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HS256 JSON Web Tokens in the exact shape Flowise's {@code jsonwebtoken.sign} writes
 * ({@code {"alg":"HS256","typ":"JWT"}}, claims {@code id, username, meta, iat, nbf, exp, aud, iss}),
 * plus two claims Flowise's verifier ignores: {@code sid} (the Keycloak user session) and
 * {@code token_use} ({@code access} or {@code refresh}), so that one kind can never pass for the
 * other even when both secrets are equal.
 *
 * <p>Verification is strict where Flowise is lax: only HS256 (no {@code none}, no HS384/512),
 * constant-time signature comparison, {@code exp}/{@code nbf} with no tolerance, exact {@code aud}
 * and {@code iss}, and the expected {@code token_use}.
 */
final class FlowiseJwt {

    enum Kind {
        ACCESS("access"), REFRESH("refresh");

        final String claim;

        Kind(String claim) {
            this.claim = claim;
        }
    }

    /** Why a token was refused; {@link #EXPIRED} is the one Flowise's UI reacts to with a refresh. */
    enum Rejection { MALFORMED, BAD_SIGNATURE, WRONG_KIND, WRONG_AUDIENCE_OR_ISSUER, NOT_YET_VALID, EXPIRED }

    /** The verified claims of a token. */
    record Claims(String id, String username, String meta, long iat, long exp, String sessionId, Kind kind) {
    }

    /** The outcome of {@link #verify}: claims, or why not (with the claims when only expiry failed). */
    record Verified(Optional<Claims> claims, Optional<Rejection> rejection, Optional<Claims> expiredClaims) {

        static Verified ok(Claims claims) {
            return new Verified(Optional.of(claims), Optional.empty(), Optional.empty());
        }

        static Verified refused(Rejection why) {
            return new Verified(Optional.empty(), Optional.of(why), Optional.empty());
        }

        static Verified expired(Claims claims) {
            return new Verified(Optional.empty(), Optional.of(Rejection.EXPIRED), Optional.of(claims));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private FlowiseJwt() {
    }

    static String sign(Claims claims, String audience, String issuer, byte[] secret) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", claims.id());
        payload.put("username", claims.username());
        payload.put("meta", claims.meta());
        payload.put("iat", claims.iat());
        payload.put("nbf", claims.iat());
        payload.put("exp", claims.exp());
        payload.put("aud", audience);
        payload.put("iss", issuer);
        payload.put("sid", claims.sessionId());
        payload.put("token_use", claims.kind().claim);
        try {
            String signingInput = HEADER + "." + encode(JSON.writeValueAsBytes(payload));
            return signingInput + "." + encode(hmac(secret, signingInput));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Verified verify(String token, Kind expected, String audience, String issuer, byte[] secret, long nowSeconds) {
        if (token == null || token.length() > 8192) {
            return Verified.refused(Rejection.MALFORMED);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Verified.refused(Rejection.MALFORMED);
        }
        Map<String, Object> header = decodeJson(parts[0]).orElse(null);
        if (header == null || !"HS256".equals(header.get("alg"))) {
            return Verified.refused(Rejection.MALFORMED);
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Verified.refused(Rejection.MALFORMED);
        }
        if (!MessageDigest.isEqual(given, hmac(secret, parts[0] + "." + parts[1]))) {
            return Verified.refused(Rejection.BAD_SIGNATURE);
        }
        Map<String, Object> payload = decodeJson(parts[1]).orElse(null);
        if (payload == null) {
            return Verified.refused(Rejection.MALFORMED);
        }
        Optional<Claims> claims = claims(payload);
        if (claims.isEmpty()) {
            return Verified.refused(Rejection.MALFORMED);
        }
        if (claims.get().kind() != expected) {
            return Verified.refused(Rejection.WRONG_KIND);
        }
        if (!audience.equals(payload.get("aud")) || !issuer.equals(payload.get("iss"))) {
            return Verified.refused(Rejection.WRONG_AUDIENCE_OR_ISSUER);
        }
        Object nbf = payload.get("nbf");
        if (nbf instanceof Number && ((Number) nbf).longValue() > nowSeconds) {
            return Verified.refused(Rejection.NOT_YET_VALID);
        }
        if (claims.get().exp() <= nowSeconds) {
            return Verified.expired(claims.get());
        }
        return Verified.ok(claims.get());
    }

    private static Optional<Claims> claims(Map<String, Object> payload) {
        Object id = payload.get("id");
        Object username = payload.get("username");
        Object meta = payload.get("meta");
        Object iat = payload.get("iat");
        Object exp = payload.get("exp");
        Object sid = payload.get("sid");
        Object use = payload.get("token_use");
        if (!(id instanceof String) || !(meta instanceof String) || !(iat instanceof Number) || !(exp instanceof Number)
                || !(sid instanceof String) || !(use instanceof String)) {
            return Optional.empty();
        }
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.claim.equals(use)).findFirst().orElse(null);
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(new Claims((String) id, username instanceof String ? (String) username : "", (String) meta,
                ((Number) iat).longValue(), ((Number) exp).longValue(), (String) sid, kind));
    }

    private static Optional<Map<String, Object>> decodeJson(String part) {
        try {
            return Optional.ofNullable(JSON.readValue(Base64.getUrlDecoder().decode(part), MAP));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] hmac(byte[] secret, String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

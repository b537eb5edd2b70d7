package io.github.flowisekeycloak.cookie;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import io.github.flowisekeycloak.settings.Secret;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the cookie API needs from Flowise's settings, decided once at start-up. The API signs with
 * three secrets; when one is unset or one of Flowise's published weak defaults it stays off (every
 * endpoint answers 503 saying why) and Keycloak serves everything else.
 */
public final class CookieApiConfig {

    private final Secret accessSecret;
    private final Secret refreshSecret;
    private final Secret tokenHashSecret;
    private final String audience;
    private final String issuer;
    private final OptionalInt accessMinutes;
    private final OptionalInt refreshMinutes;
    private final boolean secureCookies;
    private final String appOrigin;
    private final String defaultWorkspaceId;
    private final Optional<String> disabledReason;

    private CookieApiConfig(FlowiseSettings settings, String defaultWorkspaceId) {
        this.accessSecret = settings.jwtAuthTokenSecret().orElse(null);
        this.refreshSecret = settings.refreshTokenSecret().orElse(null);
        this.tokenHashSecret = settings.tokenHashSecret().orElse(null);
        this.audience = settings.jwtAudience().orElse(FlowiseSettings.DEFAULT_JWT_AUDIENCE);
        this.issuer = settings.jwtIssuer().orElse(FlowiseSettings.DEFAULT_JWT_ISSUER);
        this.accessMinutes = settings.jwtTokenExpiryMinutes();
        this.refreshMinutes = settings.jwtRefreshTokenExpiryMinutes();
        this.secureCookies = settings.secureCookies();
        this.appOrigin = origin(settings.appUrlOrDefault());
        this.defaultWorkspaceId = defaultWorkspaceId;
        this.disabledReason = reason(settings);
    }

    public static CookieApiConfig from(FlowiseSettings settings, String defaultWorkspaceId) {
        return new CookieApiConfig(settings, defaultWorkspaceId == null ? "" : defaultWorkspaceId.trim());
    }

    private static Optional<String> reason(FlowiseSettings settings) {
        List<String> problems = new ArrayList<>();
        check(problems, FlowiseSettings.JWT_AUTH_TOKEN_SECRET, settings.jwtAuthTokenSecret());
        if (settings.jwtRefreshTokenSecret().isPresent()) {
            check(problems, FlowiseSettings.JWT_REFRESH_TOKEN_SECRET, settings.jwtRefreshTokenSecret());
        }
        check(problems, FlowiseSettings.TOKEN_HASH_SECRET, settings.tokenHashSecret());
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static void check(List<String> problems, String variable, Optional<Secret> secret) {
        if (secret.isEmpty()) {
            problems.add(variable + " is unset");
        } else if (secret.get().isKnownWeak()) {
            problems.add(variable + " is one of Flowise's published weak defaults");
        }
    }

    /** scheme://host[:port] of a URL, as browsers send it in {@code Origin}. */
    public static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + url.getHost().toLowerCase(java.util.Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** Why Flowise-format tokens cannot be signed (a secret unset or weak), or empty. */
    public Optional<String> disabledReason() {
        return disabledReason;
    }

    byte[] accessSecret() {
        return accessSecret.utf8();
    }

    byte[] refreshSecret() {
        return refreshSecret.utf8();
    }

    byte[] tokenHashSecret() {
        return tokenHashSecret.utf8();
    }

    String audience() {
        return audience;
    }

    String issuer() {
        return issuer;
    }

    /** Access-token minutes from JWT_TOKEN_EXPIRY_IN_MINUTES; empty means "the realm's access token lifespan". */
    OptionalInt accessMinutes() {
        return accessMinutes;
    }

    /** Refresh-token minutes from JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES; empty means "the realm's SSO session max". */
    OptionalInt refreshMinutes() {
        return refreshMinutes;
    }

    public boolean secureCookies() {
        return secureCookies;
    }

    public String appOrigin() {
        return appOrigin;
    }

    String defaultWorkspaceId() {
        return defaultWorkspaceId;
    }
}

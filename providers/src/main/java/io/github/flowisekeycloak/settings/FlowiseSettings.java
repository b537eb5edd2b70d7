package io.github.flowisekeycloak.settings;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The one reader of Flowise's environment variables: parsed and validated once, then immutable.
 *
 * <p>Each setting keeps "unset" apart from "set to the default" ({@code Optional}), because an unset
 * variable must leave whatever an administrator configured in the realm, while a set one overrides
 * it. Defaults are those of Flowise's documentation. A malformed value throws
 * {@link InvalidSettingException} naming the variable; a blank value counts as unset. Capabilities
 * read their variables here, never through {@link System#getenv}.
 */
public final class FlowiseSettings {

    // bcrypt (password)
    public static final String PASSWORD_SALT_HASH_ROUNDS = "PASSWORD_SALT_HASH_ROUNDS";
    // Tokens and sessions (realm, cookie)
    public static final String JWT_TOKEN_EXPIRY_IN_MINUTES = "JWT_TOKEN_EXPIRY_IN_MINUTES";
    public static final String JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES = "JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES";
    public static final String JWT_AUDIENCE = "JWT_AUDIENCE";
    public static final String JWT_ISSUER = "JWT_ISSUER";
    public static final String JWT_AUTH_TOKEN_SECRET = "JWT_AUTH_TOKEN_SECRET";
    public static final String JWT_REFRESH_TOKEN_SECRET = "JWT_REFRESH_TOKEN_SECRET";
    public static final String TOKEN_HASH_SECRET = "TOKEN_HASH_SECRET";
    public static final String EXPRESS_SESSION_SECRET = "EXPRESS_SESSION_SECRET";
    public static final String EXPIRE_AUTH_TOKENS_ON_RESTART = "EXPIRE_AUTH_TOKENS_ON_RESTART";
    public static final String NODE_ENV = "NODE_ENV";
    public static final String SECURE_COOKIES = "SECURE_COOKIES";
    public static final String APP_URL = "APP_URL";
    // Password reset and email (realm)
    public static final String PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS = "PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS";
    /** The name Flowise's code actually reads (its documentation says ..._IN_MINS). */
    public static final String PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES = "PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES";
    public static final String SMTP_HOST = "SMTP_HOST";
    public static final String SMTP_PORT = "SMTP_PORT";
    public static final String SMTP_USER = "SMTP_USER";
    public static final String SMTP_PASSWORD = "SMTP_PASSWORD";
    public static final String SMTP_SECURE = "SMTP_SECURE";
    public static final String SENDER_EMAIL = "SENDER_EMAIL";
    public static final String ALLOW_UNAUTHORIZED_CERTS = "ALLOW_UNAUTHORIZED_CERTS";
    // Legacy basic auth (legacy)
    public static final String FLOWISE_USERNAME = "FLOWISE_USERNAME";
    public static final String FLOWISE_PASSWORD = "FLOWISE_PASSWORD";
    // Flowise's database (storage)
    public static final String DATABASE_TYPE = "DATABASE_TYPE";
    public static final String DATABASE_PATH = "DATABASE_PATH";
    public static final String DATABASE_HOST = "DATABASE_HOST";
    public static final String DATABASE_PORT = "DATABASE_PORT";
    public static final String DATABASE_NAME = "DATABASE_NAME";
    public static final String DATABASE_USER = "DATABASE_USER";
    public static final String DATABASE_PASSWORD = "DATABASE_PASSWORD";
    public static final String DATABASE_SSL = "DATABASE_SSL";
    // Where Flowise keeps its sessions (bridge): queue mode keeps them in Redis
    public static final String MODE = "MODE";
    public static final String REDIS_URL = "REDIS_URL";
    public static final String REDIS_HOST = "REDIS_HOST";
    public static final String REDIS_PORT = "REDIS_PORT";
    public static final String REDIS_USERNAME = "REDIS_USERNAME";
    public static final String REDIS_PASSWORD = "REDIS_PASSWORD";
    public static final String REDIS_TLS = "REDIS_TLS";
    public static final String REDIS_CERT = "REDIS_CERT";
    public static final String REDIS_KEY = "REDIS_KEY";
    public static final String REDIS_CA = "REDIS_CA";

    /** Flowise's default bcrypt cost since 3.0.13. */
    public static final int DEFAULT_BCRYPT_COST = 10;
    /** bcrypt's own bounds for the cost (log2 of the rounds). */
    public static final int MIN_BCRYPT_COST = 4;
    public static final int MAX_BCRYPT_COST = 31;
    public static final int DEFAULT_ACCESS_TOKEN_MINUTES = 60;
    /** 90 days. */
    public static final int DEFAULT_REFRESH_TOKEN_MINUTES = 129_600;
    public static final int DEFAULT_PASSWORD_RESET_MINUTES = 15;
    public static final String DEFAULT_JWT_AUDIENCE = "AUDIENCE";
    public static final String DEFAULT_JWT_ISSUER = "ISSUER";
    public static final URI DEFAULT_APP_URL = URI.create("http://localhost:3000");
    public static final Set<String> DATABASE_TYPES = Set.of("sqlite", "postgres", "mysql", "mariadb");
    /** Flowise's MODE values; it compares with {@code === 'queue'}, so the letter case matters. */
    public static final String MODE_MAIN = "main";
    public static final String MODE_QUEUE = "queue";

    private final OptionalInt passwordSaltHashRounds;
    private final OptionalInt jwtTokenExpiryMinutes;
    private final OptionalInt jwtRefreshTokenExpiryMinutes;
    private final Optional<String> jwtAudience;
    private final Optional<String> jwtIssuer;
    private final Optional<Secret> jwtAuthTokenSecret;
    private final Optional<Secret> jwtRefreshTokenSecret;
    private final Optional<Secret> tokenHashSecret;
    private final Optional<Secret> expressSessionSecret;
    private final Optional<Boolean> expireAuthTokensOnRestart;
    private final Optional<String> nodeEnv;
    private final Optional<Boolean> secureCookies;
    private final Optional<URI> appUrl;
    private final OptionalInt passwordResetMinutes;
    private final Smtp smtp;
    private final Optional<String> flowiseUsername;
    private final Optional<Secret> flowisePassword;
    private final Database database;
    private final Optional<String> mode;
    private final Redis redis;
    private final List<String> warnings = new ArrayList<>();

    /** The realm's SMTP server as Flowise's variables describe it. */
    public record Smtp(Optional<String> host, OptionalInt port, Optional<String> user, Optional<Secret> password,
                       Optional<Boolean> secure, Optional<String> senderEmail, Optional<Boolean> allowUnauthorizedCerts) {

        /** Flowise's rule: unset means implicit TLS. */
        public boolean secureOrDefault() {
            return secure.orElse(true);
        }

        /** Whether any SMTP variable is set at all. */
        public boolean anySet() {
            return host.isPresent() || port.isPresent() || user.isPresent() || password.isPresent() || secure.isPresent()
                    || senderEmail.isPresent() || allowUnauthorizedCerts.isPresent();
        }
    }

    /**
     * The Redis server Flowise keeps its sessions in when {@code MODE=queue}, as ioredis reads
     * Flowise's variables: {@code REDIS_URL} (redis:// or rediss://, user and password, database
     * number) when set, else {@code REDIS_HOST} (localhost), {@code REDIS_PORT} (6379),
     * {@code REDIS_USERNAME}, {@code REDIS_PASSWORD}, {@code REDIS_TLS} with the base64 PEM
     * {@code REDIS_CERT}, {@code REDIS_KEY} and {@code REDIS_CA}.
     */
    public record Redis(String host, int port, Optional<String> username, Optional<Secret> password, boolean tls, int database,
                        Optional<String> certPem, Optional<Secret> keyPem, Optional<String> caPem, boolean fromUrl) {

        /** Where it goes, for messages and logs: never the password. */
        public String describe() {
            return (tls ? "rediss://" : "redis://") + username.map(u -> u + "@").orElse("") + host + ":" + port + "/" + database;
        }
    }

    /** Where Flowise keeps its data, as its DATABASE_* variables say. */
    public record Database(Optional<String> type, Optional<String> path, Optional<String> host, OptionalInt port,
                           Optional<String> name, Optional<String> user, Optional<Secret> password, Optional<Boolean> ssl) {

        /** Flowise's default is SQLite. */
        public String typeOrDefault() {
            return type.orElse("sqlite");
        }
    }

    private FlowiseSettings(EnvironmentReader env) {
        passwordSaltHashRounds = env.integer(PASSWORD_SALT_HASH_ROUNDS, MIN_BCRYPT_COST, MAX_BCRYPT_COST);
        jwtTokenExpiryMinutes = env.minutes(JWT_TOKEN_EXPIRY_IN_MINUTES);
        jwtRefreshTokenExpiryMinutes = env.minutes(JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES);
        jwtAudience = env.string(JWT_AUDIENCE);
        jwtIssuer = env.string(JWT_ISSUER);
        jwtAuthTokenSecret = env.secret(JWT_AUTH_TOKEN_SECRET);
        jwtRefreshTokenSecret = env.secret(JWT_REFRESH_TOKEN_SECRET);
        tokenHashSecret = env.secret(TOKEN_HASH_SECRET);
        expressSessionSecret = env.secret(EXPRESS_SESSION_SECRET);
        expireAuthTokensOnRestart = env.bool(EXPIRE_AUTH_TOKENS_ON_RESTART);
        nodeEnv = env.string(NODE_ENV);
        secureCookies = env.bool(SECURE_COOKIES);
        appUrl = env.httpUrl(APP_URL);
        passwordResetMinutes = resetMinutes(env);
        smtp = new Smtp(env.string(SMTP_HOST), env.integer(SMTP_PORT, 1, 65535), env.string(SMTP_USER),
                env.secret(SMTP_PASSWORD), env.bool(SMTP_SECURE), env.string(SENDER_EMAIL), env.bool(ALLOW_UNAUTHORIZED_CERTS));
        flowiseUsername = env.string(FLOWISE_USERNAME);
        flowisePassword = env.verbatimSecret(FLOWISE_PASSWORD);
        database = new Database(env.choice(DATABASE_TYPE, DATABASE_TYPES), env.string(DATABASE_PATH), env.string(DATABASE_HOST),
                env.integer(DATABASE_PORT, 1, 65535), env.string(DATABASE_NAME), env.string(DATABASE_USER),
                env.secret(DATABASE_PASSWORD), env.bool(DATABASE_SSL));
        mode = env.exactChoice(MODE, Set.of(MODE_MAIN, MODE_QUEUE));
        redis = env.redis();
    }

    /** The documented name wins over the one Flowise's code reads; a disagreement is reported. */
    private OptionalInt resetMinutes(EnvironmentReader env) {
        OptionalInt documented = env.minutes(PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS);
        OptionalInt coded = env.minutes(PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES);
        if (documented.isPresent() && coded.isPresent() && documented.getAsInt() != coded.getAsInt()) {
            warnings.add(PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS + "=" + documented.getAsInt() + " and "
                    + PASSWORD_RESET_TOKEN_EXPIRY_IN_MINUTES + "=" + coded.getAsInt() + " disagree; using "
                    + PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS + " (the documented name)");
        }
        return documented.isPresent() ? documented : coded;
    }

    /** Reads the process environment. Throws {@link InvalidSettingException} naming a bad variable. */
    public static FlowiseSettings fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the given variables; the seam for tests. */
    public static FlowiseSettings from(Map<String, String> env) {
        return new FlowiseSettings(new EnvironmentReader(env));
    }

    // --- bcrypt ---------------------------------------------------------------------------------

    /** {@code PASSWORD_SALT_HASH_ROUNDS} as set, or empty when unset. */
    public OptionalInt passwordSaltHashRounds() {
        return passwordSaltHashRounds;
    }

    /** The bcrypt cost for new hashes when the realm policy names none. */
    public int bcryptCost() {
        return passwordSaltHashRounds.orElse(DEFAULT_BCRYPT_COST);
    }

    // --- tokens, sessions, cookies --------------------------------------------------------------

    public OptionalInt jwtTokenExpiryMinutes() {
        return jwtTokenExpiryMinutes;
    }

    public OptionalInt jwtRefreshTokenExpiryMinutes() {
        return jwtRefreshTokenExpiryMinutes;
    }

    public Optional<String> jwtAudience() {
        return jwtAudience;
    }

    public Optional<String> jwtIssuer() {
        return jwtIssuer;
    }

    public Optional<Secret> jwtAuthTokenSecret() {
        return jwtAuthTokenSecret;
    }

    /** {@code JWT_REFRESH_TOKEN_SECRET} as set (see {@link #refreshTokenSecret()} for Flowise's fallback). */
    public Optional<Secret> jwtRefreshTokenSecret() {
        return jwtRefreshTokenSecret;
    }

    /** The refresh-token key: {@code JWT_REFRESH_TOKEN_SECRET}, else the auth secret, as in Flowise. */
    public Optional<Secret> refreshTokenSecret() {
        return jwtRefreshTokenSecret.isPresent() ? jwtRefreshTokenSecret : jwtAuthTokenSecret;
    }

    public Optional<Secret> tokenHashSecret() {
        return tokenHashSecret;
    }

    public Optional<Secret> expressSessionSecret() {
        return expressSessionSecret;
    }

    public Optional<Boolean> expireAuthTokensOnRestart() {
        return expireAuthTokensOnRestart;
    }

    public Optional<String> nodeEnv() {
        return nodeEnv;
    }

    public Optional<Boolean> secureCookiesVariable() {
        return secureCookies;
    }

    /**
     * Flowise's rule for the cookies' {@code Secure} flag (3.1): {@code NODE_ENV=production} forces
     * it; else {@code SECURE_COOKIES} decides when set; else an https {@code APP_URL}.
     */
    public boolean secureCookies() {
        if (nodeEnv.map("production"::equals).orElse(false)) {
            return true;
        }
        if (secureCookies.isPresent()) {
            return secureCookies.get();
        }
        return "https".equalsIgnoreCase(appUrlOrDefault().getScheme());
    }

    public Optional<URI> appUrl() {
        return appUrl;
    }

    public URI appUrlOrDefault() {
        return appUrl.orElse(DEFAULT_APP_URL);
    }

    // --- password reset and email ---------------------------------------------------------------

    /** Reset-link lifetime from {@code ..._IN_MINS} (documented) or {@code ..._IN_MINUTES} (Flowise's code). */
    public OptionalInt passwordResetTokenExpiryMinutes() {
        return passwordResetMinutes;
    }

    public Smtp smtp() {
        return smtp;
    }

    // --- legacy basic auth ----------------------------------------------------------------------

    public Optional<String> flowiseUsername() {
        return flowiseUsername;
    }

    public Optional<Secret> flowisePassword() {
        return flowisePassword;
    }

    // --- Flowise's database ---------------------------------------------------------------------

    public Database database() {
        return database;
    }

    // --- Flowise's session store -------------------------------------------------------------------

    /** {@code MODE} as set ({@code main} or {@code queue}). */
    public Optional<String> mode() {
        return mode;
    }

    /** Flowise in queue mode keeps its sessions in Redis (unless EXPIRE_AUTH_TOKENS_ON_RESTART keeps them in memory). */
    public boolean queueMode() {
        return mode.map(MODE_QUEUE::equals).orElse(false);
    }

    public Redis redis() {
        return redis;
    }

    // --- reporting ------------------------------------------------------------------------------

    /** Problems that do not stop start-up but deserve one log line each. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** What was read, for a start-up log line: variable to value, secrets masked, "(unset)" when unset. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(PASSWORD_SALT_HASH_ROUNDS, show(passwordSaltHashRounds));
        out.put(JWT_TOKEN_EXPIRY_IN_MINUTES, show(jwtTokenExpiryMinutes));
        out.put(JWT_REFRESH_TOKEN_EXPIRY_IN_MINUTES, show(jwtRefreshTokenExpiryMinutes));
        out.put(JWT_AUDIENCE, show(jwtAudience));
        out.put(JWT_ISSUER, show(jwtIssuer));
        out.put(JWT_AUTH_TOKEN_SECRET, show(jwtAuthTokenSecret));
        out.put(JWT_REFRESH_TOKEN_SECRET, show(jwtRefreshTokenSecret));
        out.put(TOKEN_HASH_SECRET, show(tokenHashSecret));
        out.put(EXPRESS_SESSION_SECRET, show(expressSessionSecret));
        out.put(EXPIRE_AUTH_TOKENS_ON_RESTART, show(expireAuthTokensOnRestart));
        out.put(NODE_ENV, show(nodeEnv));
        out.put(SECURE_COOKIES, show(secureCookies));
        out.put(APP_URL, show(appUrl));
        out.put(PASSWORD_RESET_TOKEN_EXPIRY_IN_MINS, show(passwordResetMinutes));
        out.put(SMTP_HOST, show(smtp.host()));
        out.put(SMTP_PORT, show(smtp.port()));
        out.put(SMTP_USER, show(smtp.user()));
        out.put(SMTP_PASSWORD, show(smtp.password()));
        out.put(SMTP_SECURE, show(smtp.secure()));
        out.put(SENDER_EMAIL, show(smtp.senderEmail()));
        out.put(ALLOW_UNAUTHORIZED_CERTS, show(smtp.allowUnauthorizedCerts()));
        out.put(FLOWISE_USERNAME, show(flowiseUsername));
        out.put(FLOWISE_PASSWORD, show(flowisePassword));
        out.put(DATABASE_TYPE, show(database.type()));
        out.put(DATABASE_PATH, show(database.path()));
        out.put(DATABASE_HOST, show(database.host()));
        out.put(DATABASE_PORT, show(database.port()));
        out.put(DATABASE_NAME, show(database.name()));
        out.put(DATABASE_USER, show(database.user()));
        out.put(DATABASE_PASSWORD, show(database.password()));
        out.put(DATABASE_SSL, show(database.ssl()));
        out.put(MODE, show(mode));
        out.put(REDIS_URL, redis.fromUrl() ? "(set, " + redis.describe() + ")" : "(unset)");
        out.put(REDIS_HOST, redis.fromUrl() ? "(REDIS_URL)" : redis.host());
        out.put(REDIS_PORT, redis.fromUrl() ? "(REDIS_URL)" : Integer.toString(redis.port()));
        out.put(REDIS_USERNAME, show(redis.username()));
        out.put(REDIS_PASSWORD, show(redis.password()));
        out.put(REDIS_TLS, Boolean.toString(redis.tls()));
        out.put(REDIS_CERT, redis.certPem().isPresent() ? "(set)" : "(unset)");
        out.put(REDIS_KEY, show(redis.keyPem()));
        out.put(REDIS_CA, redis.caPem().isPresent() ? "(set)" : "(unset)");
        return out;
    }

    private static String show(Optional<?> value) {
        return value.map(String::valueOf).orElse("(unset)");
    }

    private static String show(OptionalInt value) {
        return value.isPresent() ? Integer.toString(value.getAsInt()) : "(unset)";
    }
}

package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.cookie.CookieApiConfig;
import io.github.flowisekeycloak.settings.FlowiseSettings;
import io.github.flowisekeycloak.settings.Secret;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the bridge needs from Flowise's settings, decided once at start-up: the secrets it signs
 * with, where Flowise keeps its sessions, and whether the bridge can work at all.
 *
 * <p>Flowise chooses its session store like this (3.1, {@code SessionPersistance.ts}):
 * {@code EXPIRE_AUTH_TOKENS_ON_RESTART=true} keeps sessions in process memory; else {@code MODE=queue}
 * puts them in Redis; else the database's own table, except on MariaDB, where Flowise has no store
 * and keeps them in memory. No other process can write into a memory store, so there the bridge
 * stays off, saying why.
 */
final class BridgeConfig {

    /** Where the sessions go. */
    enum Store { DATABASE, REDIS }

    private final CookieApiConfig tokens;
    private final Secret sessionSecret;
    private final Store store;
    private final FlowiseSettings.Redis redis;
    private final boolean secureCookies;
    private final URI appUrl;
    private final String appOrigin;
    private final Optional<String> disabledReason;

    private BridgeConfig(FlowiseSettings settings) {
        this.tokens = CookieApiConfig.from(settings, "");
        this.sessionSecret = settings.expressSessionSecret().orElse(null);
        this.store = settings.queueMode() ? Store.REDIS : Store.DATABASE;
        this.redis = settings.redis();
        this.secureCookies = settings.secureCookies();
        this.appUrl = settings.appUrlOrDefault();
        this.appOrigin = CookieApiConfig.origin(appUrl);
        this.disabledReason = reason(settings, tokens);
    }

    static BridgeConfig from(FlowiseSettings settings) {
        return new BridgeConfig(settings);
    }

    private static Optional<String> reason(FlowiseSettings settings, CookieApiConfig tokens) {
        List<String> problems = new ArrayList<>();
        if (settings.expireAuthTokensOnRestart().orElse(false)) {
            problems.add(FlowiseSettings.EXPIRE_AUTH_TOKENS_ON_RESTART + "=true makes Flowise keep its sessions in process memory");
        }
        if (!settings.queueMode() && "mariadb".equals(settings.database().typeOrDefault())) {
            problems.add(FlowiseSettings.DATABASE_TYPE + "=mariadb: Flowise has no session store for MariaDB and keeps sessions in "
                    + "process memory (" + FlowiseSettings.MODE + "=queue would put them in Redis)");
        }
        Optional<Secret> session = settings.expressSessionSecret();
        if (session.isEmpty()) {
            problems.add(FlowiseSettings.EXPRESS_SESSION_SECRET + " is unset (Flowise signs its connect.sid cookie with it)");
        } else if (session.get().isKnownWeak()) {
            problems.add(FlowiseSettings.EXPRESS_SESSION_SECRET + " is one of Flowise's published weak defaults");
        }
        tokens.disabledReason().ifPresent(problems::add);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * Why a realm whose Flowise database is of {@code databaseType} cannot be bridged although the
     * server can: only MariaDB outside queue mode (Flowise's DATABASE_TYPE decides its store, and the
     * realm's user-storage component says which database Flowise uses).
     */
    Optional<String> realmReason(String databaseType) {
        if (store == Store.DATABASE && "mariadb".equals(databaseType)) {
            return Optional.of("the realm's Flowise database is MariaDB, where Flowise keeps sessions in process memory ("
                    + FlowiseSettings.MODE + "=queue would put them in Redis)");
        }
        return Optional.empty();
    }

    Optional<String> disabledReason() {
        return disabledReason;
    }

    CookieApiConfig tokens() {
        return tokens;
    }

    /** The key of connect.sid's signature; only called when the bridge is enabled. */
    byte[] sessionSecret() {
        return sessionSecret.utf8();
    }

    Store store() {
        return store;
    }

    FlowiseSettings.Redis redis() {
        return redis;
    }

    boolean secureCookies() {
        return secureCookies;
    }

    /** Where the person lands: APP_URL (Flowise's own address, through the proxy). */
    URI appUrl() {
        return appUrl;
    }

    /** APP_URL's origin: the bridge answers only requests that came through it (cookies and localStorage are per site). */
    String appOrigin() {
        return appOrigin;
    }
}

package io.github.flowisekeycloak.realm;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At every start, once the realms are imported and migrated, applies Flowise's settings to each realm
 * whose attribute {@code flowise.managed} is {@code true}: lifespans, audience, client URLs, SMTP,
 * reset-link lifespan, the reset flow with OTP, and (when asked) the expiry of everything issued
 * before the start. Reading the settings in {@code init} makes a malformed variable stop start-up
 * whatever order Keycloak initialises providers in.
 */
public final class FlowiseRealmSettingsFactory implements ManagedRealmProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "flowise-settings";
    public static final String MANAGED_ATTRIBUTE = "flowise.managed";

    private static final Logger LOG = Logger.getLogger(FlowiseRealmSettingsFactory.class);

    private FlowiseSettings settings;
    private final Map<String, String> lastRun = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void init(Config.Scope config) {
        settings = FlowiseSettings.fromEnvironment();
        settings.warnings().forEach(LOG::warn);
        LOG.infof("Flowise settings read: %s", settings.describe());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, this::applyToManagedRealms);
            }
        });
    }

    private void applyToManagedRealms(KeycloakSession session) {
        List<RealmModel> managed = session.realms().getRealmsStream()
                .filter(realm -> "true".equalsIgnoreCase(realm.getAttribute(MANAGED_ATTRIBUTE)))
                .toList();
        for (RealmModel realm : managed) {
            List<String> changes = new ArrayList<>(RealmSettings.apply(settings, realm));
            ResetCredentialsWithOtp.ensure(realm).ifPresent(changes::add);
            changes.forEach(change -> LOG.infof("Realm '%s': %s", realm.getName(), change));
            if (changes.isEmpty()) {
                LOG.infof("Realm '%s': already matches the Flowise settings, nothing changed", realm.getName());
            }
            if (settings.expireAuthTokensOnRestart().orElse(false)) {
                int offline = SessionExpiry.expireEverything(session, realm);
                LOG.infof("Realm '%s': %s=true, every token and session issued before this start is revoked"
                        + " (not-before set, user sessions removed, %d offline sessions removed)", realm.getName(),
                        FlowiseSettings.EXPIRE_AUTH_TOKENS_ON_RESTART, offline);
            }
            lastRun.put(realm.getName(), changes.size() + " changes");
        }
        if (managed.isEmpty()) {
            LOG.infof("No realm has the attribute %s=true; Flowise settings applied nowhere", MANAGED_ATTRIBUTE);
        }
    }

    @Override
    public ManagedRealmProvider create(KeycloakSession session) {
        return () -> {
        };
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>(settings.describe());
        lastRun.forEach((realm, summary) -> info.put("realm " + realm + " at start", summary));
        return info;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

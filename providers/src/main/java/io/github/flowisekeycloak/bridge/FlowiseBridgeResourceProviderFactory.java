package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves {@link BridgeResource} at {@code /realms/{realm}/flowise-bridge} and schedules the session
 * sweep. When Flowise keeps its sessions where no other process can reach them, or a secret is
 * missing, the bridge stays off: one log line at start-up says why, the endpoint answers a page
 * saying the same, and Keycloak serves everything else.
 */
public final class FlowiseBridgeResourceProviderFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "flowise-bridge";
    static final String SWEEP_INTERVAL_OPTION = "sweep-interval";
    static final int DEFAULT_SWEEP_SECONDS = 60;
    private static final Logger LOG = Logger.getLogger(FlowiseBridgeResourceProviderFactory.class);

    private BridgeConfig config;
    private int sweepSeconds;
    private final SecureRandom random = new SecureRandom();

    @Override
    public void init(Config.Scope scope) {
        config = BridgeConfig.from(FlowiseSettings.fromEnvironment());
        sweepSeconds = scope.getInt(SWEEP_INTERVAL_OPTION, DEFAULT_SWEEP_SECONDS);
        if (sweepSeconds < 5 || sweepSeconds > 86_400) {
            throw new IllegalStateException("--spi-realm-restapi-extension--" + ID + "--" + SWEEP_INTERVAL_OPTION + "=" + sweepSeconds
                    + " is outside 5..86400 seconds");
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (config.disabledReason().isPresent()) {
            LOG.warnf("Flowise bridge (/realms/{realm}/%s) is switched off: %s", ID, config.disabledReason().get());
            return;
        }
        LOG.infof("Flowise bridge enabled at /realms/{realm}/%s for managed realms reached through %s; Flowise sessions go to %s; "
                        + "ended sessions are swept every %d s", ID, config.appOrigin(),
                config.store() == BridgeConfig.Store.REDIS ? "Redis at " + config.redis().describe() : "each realm's Flowise database",
                sweepSeconds);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                try (KeycloakSession session = factory.create()) {
                    long interval = sweepSeconds * 1000L;
                    session.getProvider(TimerProvider.class).schedule(
                            new ClusterAwareScheduledTaskRunner(factory, new FlowiseBridgeSessionSweep(config), interval), interval);
                }
            }
        });
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new BridgeResource(session, config, random);
            }

            @Override
            public void close() {
                // Nothing held.
            }
        };
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(SWEEP_INTERVAL_OPTION).type("int").defaultValue(DEFAULT_SWEEP_SECONDS)
                .helpText("Seconds between two sweeps that remove Flowise sessions whose Keycloak session ended (5..86400).")
                .add().build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("enabled", Boolean.toString(config.disabledReason().isEmpty()));
        config.disabledReason().ifPresent(reason -> info.put("disabled-because", reason));
        info.put("session-store", config.store() == BridgeConfig.Store.REDIS ? "redis " + config.redis().describe() : "database");
        info.put("app-origin", config.appOrigin());
        info.put("sweep-interval-seconds", Integer.toString(sweepSeconds));
        return info;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

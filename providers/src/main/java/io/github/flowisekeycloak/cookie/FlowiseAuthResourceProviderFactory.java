package io.github.flowisekeycloak.cookie;

import io.github.flowisekeycloak.realm.FlowiseRealmSettingsFactory;
import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Serves {@link FlowiseAuthResource} at {@code /realms/{realm}/flowise/}. */
public final class FlowiseAuthResourceProviderFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "flowise";
    static final String DEFAULT_WORKSPACE_OPTION = "default-workspace-id";
    private static final Logger LOG = Logger.getLogger(FlowiseAuthResourceProviderFactory.class);

    private CookieApiConfig config;

    @Override
    public void init(Config.Scope scope) {
        config = CookieApiConfig.from(FlowiseSettings.fromEnvironment(), scope.get(DEFAULT_WORKSPACE_OPTION, ""));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (config.disabledReason().isPresent()) {
            LOG.warnf("Flowise cookie API (/realms/{realm}/%s/api/v1/...) is switched off: %s", ID, config.disabledReason().get());
        } else {
            LOG.infof("Flowise cookie API enabled at /realms/{realm}/%s/api/v1/... for realms with %s=true (cookies %s)",
                    ID, FlowiseRealmSettingsFactory.MANAGED_ATTRIBUTE, config.secureCookies() ? "Secure" : "not Secure");
        }
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new FlowiseAuthResource(session, config);
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
                .property().name(DEFAULT_WORKSPACE_OPTION).type("string")
                .helpText("Flowise workspace id put into the token's meta claim for users without a flowise_workspace_id attribute.")
                .add().build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("enabled", Boolean.toString(config.disabledReason().isEmpty()));
        config.disabledReason().ifPresent(reason -> info.put("disabled-because", reason));
        info.put("secure-cookies", Boolean.toString(config.secureCookies()));
        info.put("app-origin", config.appOrigin());
        return info;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

package io.github.flowisekeycloak.legacy;

import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Map;

/** The setup step's settings in the admin console (the flow execution's configuration). */
record LegacyClaimConfig(int maxFailures, int lockoutSeconds) {

    static final String MAX_FAILURES = "maxFailures";
    static final String LOCKOUT_SECONDS = "lockoutSeconds";
    static final int DEFAULT_MAX_FAILURES = 5;
    static final int DEFAULT_LOCKOUT_SECONDS = 900;

    static LegacyClaimConfig of(AuthenticatorConfigModel model) {
        Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new LegacyClaimConfig(positive(config.get(MAX_FAILURES), DEFAULT_MAX_FAILURES),
                positive(config.get(LOCKOUT_SECONDS), DEFAULT_LOCKOUT_SECONDS));
    }

    /** A missing or unusable value falls back to the default: a typo must not switch the lockout off. */
    static int positive(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_FAILURES).label("Failures before lockout")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(DEFAULT_MAX_FAILURES))
                .helpText("Wrong FLOWISE_USERNAME / FLOWISE_PASSWORD attempts (realm-wide) that lock the setup step.")
                .add()
                .property().name(LOCKOUT_SECONDS).label("Lockout seconds")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(DEFAULT_LOCKOUT_SECONDS))
                .helpText("How long each failure counts, and so how long a lockout lasts.")
                .add()
                .build();
    }
}

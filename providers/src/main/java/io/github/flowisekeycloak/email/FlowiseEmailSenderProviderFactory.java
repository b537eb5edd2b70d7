package io.github.flowisekeycloak.email;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.email.EmailSenderProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/**
 * Keycloak's email sender, plus Flowise's {@code ALLOW_UNAUTHORIZED_CERTS}. Keycloak's own sender
 * trusts only the server's truststore; with {@code ALLOW_UNAUTHORIZED_CERTS=true} ours accepts any
 * SMTP certificate (self-signed included), otherwise every message goes through Keycloak's sender
 * unchanged. Unlike Flowise, {@code false} means false.
 *
 * <p>{@link #order()} above Keycloak's 0 makes this the default sender without any option; an
 * explicit {@code --spi-email-sender--provider=default} switches back to Keycloak's.
 */
public final class FlowiseEmailSenderProviderFactory implements EmailSenderProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "flowise-smtp";
    /** Keycloak's own sender, to which everything else is delegated. */
    static final String KEYCLOAK_SENDER = "default";

    private static final Logger LOG = Logger.getLogger(FlowiseEmailSenderProviderFactory.class);

    private boolean allowUnauthorizedCerts;

    @Override
    public void init(Config.Scope config) {
        allowUnauthorizedCerts = FlowiseSettings.fromEnvironment().smtp().allowUnauthorizedCerts().orElse(false);
        if (allowUnauthorizedCerts) {
            LOG.warnf("%s=true: SMTP server certificates are not verified (self-signed accepted)",
                    FlowiseSettings.ALLOW_UNAUTHORIZED_CERTS);
        }
    }

    @Override
    public EmailSenderProvider create(KeycloakSession session) {
        return new FlowiseEmailSender(session, allowUnauthorizedCerts);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to do after start-up.
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("allow-unauthorized-certs", Boolean.toString(allowUnauthorizedCerts));
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

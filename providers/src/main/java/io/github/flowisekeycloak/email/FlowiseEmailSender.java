package io.github.flowisekeycloak.email;

import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;

import java.util.Map;

/**
 * Sends through Keycloak's sender, except when certificates must not be checked: then through
 * {@link UncheckedCertificateSmtp}. Token (XOAUTH2) authentication, which Flowise never uses, always
 * goes to Keycloak's sender.
 */
final class FlowiseEmailSender implements EmailSenderProvider {

    private final KeycloakSession session;
    private final boolean allowUnauthorizedCerts;

    FlowiseEmailSender(KeycloakSession session, boolean allowUnauthorizedCerts) {
        this.session = session;
        this.allowUnauthorizedCerts = allowUnauthorizedCerts;
    }

    @Override
    public void send(Map<String, String> config, String address, String subject, String textBody, String htmlBody)
            throws EmailException {
        if (allowUnauthorizedCerts && !"token".equals(config.get("authType"))) {
            new UncheckedCertificateSmtp(session).send(config, address, subject, textBody, htmlBody);
        } else {
            keycloakSender().send(config, address, subject, textBody, htmlBody);
        }
    }

    @Override
    public void validate(Map<String, String> config) throws EmailException {
        keycloakSender().validate(config);
    }

    private EmailSenderProvider keycloakSender() throws EmailException {
        EmailSenderProvider sender = session.getProvider(EmailSenderProvider.class, FlowiseEmailSenderProviderFactory.KEYCLOAK_SENDER);
        if (sender == null) {
            throw new EmailException("Keycloak's email sender '" + FlowiseEmailSenderProviderFactory.KEYCLOAK_SENDER + "' is missing");
        }
        return sender;
    }

    @Override
    public void close() {
        // The delegate belongs to the session, which closes it.
    }
}

package io.github.flowisekeycloak.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Map;
import java.util.Properties;

/**
 * One SMTP send with the realm's SMTP settings (the keys of Keycloak's realm email tab: host, port,
 * from, fromDisplayName, replyTo, auth, user, password, ssl, starttls) where the server's
 * certificate and host name are NOT verified. Only used when {@code ALLOW_UNAUTHORIZED_CERTS=true}.
 */
final class UncheckedCertificateSmtp {

    private static final Logger LOG = Logger.getLogger(UncheckedCertificateSmtp.class);
    private static final String TIMEOUT_MS = "10000";

    private final KeycloakSession keycloak;

    UncheckedCertificateSmtp(KeycloakSession keycloak) {
        this.keycloak = keycloak;
    }

    void send(Map<String, String> config, String address, String subject, String textBody, String htmlBody) throws EmailException {
        String from = config.get("from");
        if (from == null || from.isBlank()) {
            throw new EmailException("No sender address (from) configured for the realm");
        }
        Session mail = Session.getInstance(properties(config, from));
        try (Transport transport = mail.getTransport("smtp")) {
            Message message = message(mail, config, from, address, subject, textBody, htmlBody);
            if ("true".equals(config.get("auth"))) {
                transport.connect(config.get("user"), password(config.get("password")));
            } else {
                transport.connect();
            }
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(address)});
        } catch (MessagingException | UnsupportedEncodingException e) {
            LOG.warnf("Sending email through %s:%s failed: %s", config.get("host"), config.get("port"), e.getMessage());
            throw new EmailException("Error when attempting to send the email to the server. More information is available in the server log.", e);
        }
    }

    private static Properties properties(Map<String, String> config, String from) {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", config.getOrDefault("host", "localhost"));
        if (config.get("port") != null && !config.get("port").isBlank()) {
            props.setProperty("mail.smtp.port", config.get("port"));
        }
        props.setProperty("mail.smtp.auth", Boolean.toString("true".equals(config.get("auth"))));
        props.setProperty("mail.smtp.ssl.enable", Boolean.toString("true".equals(config.get("ssl"))));
        props.setProperty("mail.smtp.starttls.enable", Boolean.toString("true".equals(config.get("starttls"))));
        props.put("mail.smtp.ssl.socketFactory", trustingAnyCertificate());
        props.setProperty("mail.smtp.ssl.trust", "*");
        props.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        props.setProperty("mail.smtp.timeout", config.getOrDefault("timeout", TIMEOUT_MS));
        props.setProperty("mail.smtp.connectiontimeout", config.getOrDefault("connectionTimeout", TIMEOUT_MS));
        props.setProperty("mail.smtp.writetimeout", config.getOrDefault("writeTimeout", TIMEOUT_MS));
        // Without it the mail library looks up the local host name (slow, and leaks internal names).
        props.setProperty("mail.from", from);
        String envelopeFrom = config.get("envelopeFrom");
        if (envelopeFrom != null && !envelopeFrom.isBlank()) {
            props.setProperty("mail.smtp.from", envelopeFrom);
        }
        return props;
    }

    private static Message message(Session mail, Map<String, String> config, String from, String address, String subject,
                                   String textBody, String htmlBody) throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = new MimeMessage(mail);
        message.setFrom(address(from, config.get("fromDisplayName")));
        String replyTo = config.get("replyTo");
        message.setReplyTo(new InternetAddress[] {replyTo == null || replyTo.isBlank()
                ? address(from, config.get("fromDisplayName")) : address(replyTo, config.get("replyToDisplayName"))});
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(address));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        MimeMultipart body = new MimeMultipart("alternative");
        if (textBody != null) {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(textBody, StandardCharsets.UTF_8.name());
            body.addBodyPart(text);
        }
        if (htmlBody != null) {
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(htmlBody, "text/html; charset=UTF-8");
            body.addBodyPart(html);
        }
        message.setContent(body);
        message.setSentDate(new Date());
        message.saveChanges();
        return message;
    }

    private static InternetAddress address(String email, String displayName) throws UnsupportedEncodingException, MessagingException {
        InternetAddress parsed = new InternetAddress(email, true);
        if (displayName != null && !displayName.isBlank()) {
            parsed.setPersonal(displayName, StandardCharsets.UTF_8.name());
        }
        return parsed;
    }

    /** The password as stored, or the secret it names when it is a vault reference. */
    private String password(String configured) {
        if (configured == null) {
            return null;
        }
        try (VaultStringSecret secret = keycloak.vault().getStringSecret(configured)) {
            return secret.get().orElse(configured);
        }
    }

    private static SSLSocketFactory trustingAnyCertificate() {
        TrustManager[] trustAll = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // Not a client-side concern here.
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // Deliberately accepts any server certificate: ALLOW_UNAUTHORIZED_CERTS=true.
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustAll, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }
}

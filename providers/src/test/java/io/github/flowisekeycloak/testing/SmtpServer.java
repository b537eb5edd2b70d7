package io.github.flowisekeycloak.testing;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A real SMTP server in the test's JVM (GreenMail): plain SMTP and SMTPS (implicit TLS with
 * GreenMail's own self-signed certificate) on free loopback ports chosen before Keycloak starts,
 * so they can be handed to it in {@code SMTP_PORT}. One login is accepted.
 */
public final class SmtpServer implements AutoCloseable {

    public static final String USER = "smtp-user";
    public static final String PASSWORD = "smtp-pass-" + Long.toHexString(System.nanoTime());

    private final GreenMail greenMail;
    private final int plainPort;
    private final int tlsPort;

    private SmtpServer() {
        plainPort = freePort();
        tlsPort = freePort();
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(plainPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(tlsPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD));
    }

    public static SmtpServer start() {
        SmtpServer server = new SmtpServer();
        server.greenMail.start();
        return server;
    }

    public int plainPort() {
        return plainPort;
    }

    /** Implicit TLS with a self-signed certificate no truststore knows. */
    public int tlsPort() {
        return tlsPort;
    }

    /** A received message, reduced to what the tests look at. */
    public record Mail(String from, List<String> to, String subject, String text, String html) {
    }

    /** Waits for the next message to {@code to}, removing it; empty if none arrives in time. */
    public Optional<Mail> awaitMail(String to, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : greenMail.getReceivedMessages()) {
                Mail mail = read(message);
                if (mail.to().contains(to)) {
                    purge();
                    return Optional.of(mail);
                }
            }
            KeycloakServer.sleep(200);
        }
        return Optional.empty();
    }

    private void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every message received so far (not removed). */
    public List<Mail> received() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(SmtpServer::read).toList();
    }

    private static Mail read(MimeMessage message) {
        try {
            String text = null;
            String html = null;
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        text = (String) part.getContent();
                    } else if (part.isMimeType("text/html")) {
                        html = (String) part.getContent();
                    }
                }
            } else {
                text = String.valueOf(content);
            }
            return new Mail(message.getFrom()[0].toString(),
                    Arrays.stream(message.getAllRecipients()).map(Object::toString).toList(), message.getSubject(), text, html);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable message", e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

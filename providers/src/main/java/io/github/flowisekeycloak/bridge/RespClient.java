package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.settings.FlowiseSettings;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The few Redis commands the bridge needs, over one connection speaking RESP2 (the protocol every
 * Redis speaks): AUTH and SELECT as ioredis does them for Flowise's variables, then whatever the
 * caller sends. Keycloak ships no Redis client and the bridge needs a handful of commands, so this
 * is a client of our own rather than a shaded library. TLS as Node's: the server certificate is
 * verified (REDIS_CA when given, else the JVM's trust store) and must name the host.
 */
final class RespClient implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_BULK_BYTES = 64 * 1024 * 1024;

    /** An error reply ({@code -ERR ...}) from the server. */
    static final class RedisError extends IOException {
        private static final long serialVersionUID = 1L;

        RedisError(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Over given streams (tests). */
    RespClient(InputStream in, OutputStream out) {
        this.socket = null;
        this.in = in;
        this.out = out;
    }

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects, authenticates and selects the database, as ioredis does with Flowise's variables. */
    static RespClient connect(FlowiseSettings.Redis redis) throws IOException {
        Socket socket = redis.tls() ? tlsSocket(redis) : new Socket();
        try {
            socket.connect(new InetSocketAddress(redis.host(), redis.port()), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            if (socket instanceof SSLSocket tls) {
                tls.startHandshake();
            }
            RespClient client = new RespClient(socket);
            if (redis.password().isPresent()) {
                if (redis.username().isPresent()) {
                    client.command("AUTH", redis.username().get(), redis.password().get().reveal());
                } else {
                    client.command("AUTH", redis.password().get().reveal());
                }
            }
            if (redis.database() != 0) {
                client.command("SELECT", Integer.toString(redis.database()));
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and reads its reply: String, Long, List (of replies), or null. Throws {@link RedisError} for an error reply. */
    Object command(String... arguments) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(bytes);
            request.write('\r');
            request.write('\n');
        }
        out.write(request.toByteArray());
        out.flush();
        return reply();
    }

    private Object reply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the Redis server closed the connection");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                if (length > MAX_BULK_BYTES) {
                    throw new IOException("Redis reply of " + length + " bytes is larger than expected");
                }
                byte[] data = in.readNBytes(length);
                if (data.length != length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("truncated Redis reply");
                }
                return new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(reply());
                }
                return items;
            }
            default:
                throw new IOException("unexpected Redis reply type '" + (char) type + "'");
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("truncated Redis reply");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = buffer.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            if (buffer.size() > 64 * 1024) {
                throw new IOException("Redis reply line too long");
            }
            buffer.write(b);
            previous = b;
        }
    }

    private static Socket tlsSocket(FlowiseSettings.Redis redis) throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (redis.caPem().isPresent()) {
                KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
                anchors.load(null, null);
                int i = 0;
                for (Certificate certificate : certificates(redis.caPem().get())) {
                    anchors.setCertificateEntry("ca-" + i++, certificate);
                }
                trust.init(anchors);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManagerFactory keys = null;
            if (redis.certPem().isPresent() && redis.keyPem().isPresent()) {
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                char[] none = new char[0];
                identity.setKeyEntry("client", privateKey(redis.keyPem().get().reveal()), none,
                        certificates(redis.certPem().get()).toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host, as Node checks
            parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(redis.host())));
            socket.setSSLParameters(parameters);
            return socket;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("Cannot set up TLS for Redis from REDIS_CA/REDIS_CERT/REDIS_KEY: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(String pem) throws GeneralSecurityException {
        return new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    }

    /** A PKCS#8 private key ("BEGIN PRIVATE KEY"), RSA or EC. */
    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException("REDIS_KEY must be a PKCS#8 key (-----BEGIN PRIVATE KEY-----); "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt");
        }
        String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }
}

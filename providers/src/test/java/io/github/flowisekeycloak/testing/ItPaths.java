package io.github.flowisekeycloak.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The locations Maven hands to the integration tests (see failsafe's systemPropertyVariables). */
public final class ItPaths {

    private ItPaths() {
    }

    public static Path keycloakArchive() {
        return existing("it.keycloak.archive");
    }

    public static Path providerJar() {
        return existing("it.provider.jar");
    }

    public static Path realmExport() {
        return existing("it.realm.file");
    }

    /** The repository's top folder (where realm-export/, deploy/ and docker-compose.yml are). */
    public static Path repositoryRoot() {
        return realmExport().toAbsolutePath().getParent().getParent();
    }

    public static Path workDir() {
        return Path.of(required("it.work.dir"));
    }

    /** The Keycloak release the tests run (the distribution). */
    public static String keycloakVersion() {
        return required("it.keycloak.version");
    }

    /** The Keycloak release the jar is built against (pom.xml's keycloak.version). */
    public static String keycloakBuildVersion() {
        return required("it.keycloak.build.version");
    }

    private static Path existing(String property) {
        Path path = Path.of(required(property));
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " points at " + path + ", which does not exist; run the tests through "
                    + "'mvn verify' so the jar is built and the Keycloak distribution fetched first");
        }
        return path;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set; run the integration tests "
                    + "through 'mvn verify' (failsafe sets it)");
        }
        return value;
    }
}

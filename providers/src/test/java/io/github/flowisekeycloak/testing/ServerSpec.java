package io.github.flowisekeycloak.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two Keycloak servers different for a test: the environment (Flowise's variables,
 * {@code KC_*} options) and the realm files imported at start. Equal specs share one server.
 *
 * @param env         variables added to a clean environment (nothing leaks from the caller's shell)
 * @param realmFiles  realm JSON files imported with {@code --import-realm}
 */
public record ServerSpec(Map<String, String> env, List<Path> realmFiles) {

    public ServerSpec {
        env = Map.copyOf(new TreeMap<>(env));
        realmFiles = List.copyOf(realmFiles);
    }

    /** The exported product realm and no extra variables. */
    public static ServerSpec standard() {
        return new ServerSpec(Map.of(), List.of(ItPaths.realmExport()));
    }

    public ServerSpec withEnv(Map<String, String> more) {
        TreeMap<String, String> merged = new TreeMap<>(env);
        merged.putAll(more);
        return new ServerSpec(merged, realmFiles);
    }

    public ServerSpec withRealmFiles(List<Path> files) {
        return new ServerSpec(env, files);
    }

    /** A short stable label for directories, database names and logs. */
    public String label() {
        return Integer.toHexString((new TreeMap<>(env).toString() + realmFiles).hashCode() & 0x7fffffff);
    }
}

package io.github.flowisekeycloak.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Two (or more) real Keycloak servers in production mode forming one cluster, as Keycloak clusters
 * by default: embedded Infinispan, peers discovered through the one PostgreSQL database they share.
 * Each node has its own HTTP port, so a test can send one person's requests to different nodes.
 * The first node imports the realm; the others find it in the database.
 */
public final class KeycloakCluster implements AutoCloseable {

    /** The legacy pair of the cluster's setup tests. */
    public static final String LEGACY_USER = "clusterops";
    public static final String LEGACY_PASSWORD = "Cluster-Old#42";

    /** What every node of the shared cluster runs with (see {@link WithKeycloakCluster}). */
    public static final java.util.Map<String, String> ENV = java.util.Map.of(
            "FLOWISE_USERNAME", LEGACY_USER,
            "FLOWISE_PASSWORD", LEGACY_PASSWORD,
            "JWT_AUTH_TOKEN_SECRET", "cluster-auth-7f3c9a1e5b2d8f4a6c0e9b7d3a1f5c8e",
            "JWT_REFRESH_TOKEN_SECRET", "cluster-refresh-2b8e4d6f0a9c7e5b3d1f8a6c4e2b0d9f",
            "TOKEN_HASH_SECRET", "cluster-meta-9d1f3b5a7c2e4f6b8d0a1c3e5f7b9d2a",
            "EXPIRE_AUTH_TOKENS_ON_RESTART", "true");

    private final TestDatabase database;
    private final List<KeycloakServer> nodes;

    private KeycloakCluster(TestDatabase database, List<KeycloakServer> nodes) {
        this.database = database;
        this.nodes = nodes;
    }

    /** Starts {@code size} nodes one after the other (a joining node waits for the first to be ready). */
    public static KeycloakCluster start(ServerSpec spec, int size) {
        TestDatabase database = TestDatabase.create("cluster" + spec.label());
        List<KeycloakServer> nodes = new ArrayList<>();
        String adminPassword = KeycloakServer.newAdminPassword();
        try {
            for (int i = 1; i <= size; i++) {
                nodes.add(KeycloakServer.startClusterNode(spec, "node" + i, database, adminPassword));
            }
            KeycloakCluster cluster = new KeycloakCluster(database, List.copyOf(nodes));
            cluster.awaitMembers(size);
            return cluster;
        } catch (RuntimeException | Error e) {
            nodes.forEach(KeycloakServer::close);
            database.close();
            throw e;
        }
    }

    /** Node {@code index}, counted from 0. */
    public KeycloakServer node(int index) {
        return nodes.get(index);
    }

    public List<KeycloakServer> nodes() {
        return nodes;
    }

    /**
     * Waits until the last node's log shows a cluster view with every node in it: readiness alone
     * does not prove the nodes found each other.
     */
    public void awaitMembers(int size) {
        KeycloakServer last = nodes.get(nodes.size() - 1);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String log = last.log();
            int view = log.lastIndexOf("ISPN000094: Received new cluster view");
            if (view >= 0 && log.substring(view).matches("(?s)[^\\n]*\\(" + size + "\\) \\[.*")) {
                return;
            }
            KeycloakServer.sleep(500);
        }
        throw new IllegalStateException("the nodes did not form a cluster of " + size + "; see " + last.spec().label()
                + " node logs under " + ItPaths.workDir());
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakServer::close);
        database.close();
    }
}

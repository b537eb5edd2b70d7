package io.github.flowisekeycloak.password;

import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.ItPaths;
import io.github.flowisekeycloak.testing.Json;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.RealmLogin;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded login load run against the real server (SPEC section 8: login throughput with bcrypt users
 * should approach the machine's limit, cores / one bcrypt verify). Not part of {@code mvn verify}
 * (the name does not end in IT). Run:
 * <pre>
 * mvn -pl providers verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=LoginLoadBenchmark [-Dbenchmark.logins=120]
 * </pre>
 *
 * <p>The figures are ratios to baselines measured in the same run, because this machine is shared
 * and noisy: the limit is Bouncy Castle's cost-10 verify run on every core in this JVM (nothing of
 * Keycloak's around it); Keycloak's own per-login work is a login whose hash costs next to nothing,
 * with Keycloak's own provider (pbkdf2-sha256, one iteration, in a realm whose policy asks for it,
 * so nothing of ours is in the path) and with ours (bcrypt cost 4, ~64 times cheaper than cost 10).
 * Each level sends a fixed number of password-grant logins with the right password, spread over
 * distinct users, from a fixed number of client threads.
 */
@WithKeycloak
class LoginLoadBenchmark {

    private static final String PASSWORD = "Corr3ct-Horse!";
    /** bcryptjs's own cost-10 hash of the password (as Flowise stored it). */
    private static final String FLOWISE_HASH_10 = "$2a$10$hAevNcRir29b2OJetiOKc./fVWbw0dSjUEQrzJ8LegAu2Bqa.xDD6";
    private static final String CLIENT = "it-load";
    private static final int USERS_PER_COST = 50;

    record Level(String users, int threads, int logins, double seconds, double p50Ms, double p95Ms) {
        double perSecond() {
            return logins / seconds;
        }
    }

    @Test
    void loginThroughputAgainstTheMachinesBcryptLimit(KeycloakServer server) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int logins = Integer.getInteger("benchmark.logins", 120);
        AdminApi admin = new AdminApi(server);
        String realm = admin.importRealmAs(ItPaths.realmExport(), "load-" + ProcessHandle.current().pid());
        // Policy cost 4: neither population is rehashed on login (a stored cost >= the policy's is kept).
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + realm, Map.of("passwordPolicy",
                "hashAlgorithm(bcrypt) and hashIterations(4) and length(8) and maxLength(128)")), 204);
        admin.createDirectGrantClient(realm, CLIENT);
        String hash4 = OpenBSDBCrypt.generate("2a", PASSWORD.getBytes(StandardCharsets.UTF_8), salt(), 4);
        List<String> cost10 = users(admin, realm, "bcrypt10", 10, FLOWISE_HASH_10);
        List<String> cost4 = users(admin, realm, "bcrypt4", 4, hash4);
        // Keycloak alone: its own hash provider at one iteration, in a realm that asks for exactly that.
        String stockRealm = admin.importRealmAs(ItPaths.realmExport(), "load-stock-" + ProcessHandle.current().pid());
        AdminApi.expectStatus(admin.send("PUT", "/admin/realms/" + stockRealm, Map.of("passwordPolicy",
                "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)")), 204);
        admin.createDirectGrantClient(stockRealm, CLIENT);
        List<String> stock = stockUsers(admin, stockRealm);

        // Baselines, with Keycloak idle: one verify, and verifies per second on every core.
        double verifyMs = verifyMillis(FLOWISE_HASH_10, 10);
        double limitPerSecond = parallelVerifiesPerSecond(FLOWISE_HASH_10, cores, 12 * cores);

        RealmLogin login = new RealmLogin(server, realm);
        RealmLogin stockLogin = new RealmLogin(server, stockRealm);
        run(login, cost10, 1, 10); // warm-up: JIT, connection pools, caches
        run(stockLogin, stock, 1, 10);
        List<Level> levels = new ArrayList<>();
        levels.add(run(stockLogin, stock, 1, logins));
        levels.add(run(login, cost4, 1, logins));
        for (int threads : new int[] {1, cores, 2 * cores}) {
            levels.add(run(login, cost10, threads, logins));
        }
        admin.send("DELETE", "/admin/realms/" + realm, null);
        admin.send("DELETE", "/admin/realms/" + stockRealm, null);

        StringBuilder out = new StringBuilder(String.format(
                "%nLogin load run (password grant, Keycloak 26.5.5, bcrypt provider), %d cores%n"
                        + "baseline: one cost-10 verify %.1f ms; %d cores verifying in parallel %.1f/s (the limit)%n",
                cores, verifyMs, cores, limitPerSecond));
        out.append(String.format("%-9s %8s %7s %9s %9s %9s %12s%n", "users", "threads", "logins", "logins/s", "p50 ms",
                "p95 ms", "vs limit"));
        List<Map<String, Object>> json = new ArrayList<>();
        for (Level l : levels) {
            out.append(String.format("%-9s %8d %7d %9.1f %9.1f %9.1f %12.2f%n", l.users(), l.threads(), l.logins(),
                    l.perSecond(), l.p50Ms(), l.p95Ms(), l.perSecond() / limitPerSecond));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("users", l.users());
            row.put("threads", l.threads());
            row.put("logins", l.logins());
            row.put("loginsPerSecond", l.perSecond());
            row.put("p50Ms", l.p50Ms());
            row.put("p95Ms", l.p95Ms());
            row.put("ratioToLimit", l.perSecond() / limitPerSecond);
            json.add(row);
        }
        Level single = levels.get(2);
        out.append(String.format("one cost-10 login at a time: p50 %.1f ms = verify %.1f ms + %.1f ms; Keycloak alone"
                + " (pbkdf2 x1) p50 %.1f ms, our bcrypt at cost 4 p50 %.1f ms%n", single.p50Ms(), verifyMs,
                single.p50Ms() - verifyMs, levels.get(0).p50Ms(), levels.get(1).p50Ms()));
        System.out.println(out);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cores", cores);
        result.put("verifyMs", verifyMs);
        result.put("limitPerSecond", limitPerSecond);
        result.put("levels", json);
        Files.writeString(ItPaths.workDir().getParent().resolve("login-load.json"), Json.write(result));

        Level saturated = levels.get(levels.size() - 1);
        assertThat(saturated.perSecond()).as("logins/s at saturation").isPositive();
    }

    private static List<String> users(AdminApi admin, String realm, String label, int cost, String hash) {
        List<Map<String, Object>> representations = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < USERS_PER_COST; i++) {
            String email = "load-" + label + "-" + i + "@example.com";
            names.add(email);
            representations.add(AdminApi.userWithHash(email, "bcrypt", cost, hash));
        }
        admin.partialImport(realm, Map.of("users", representations, "ifResourceExists", "FAIL"));
        return names;
    }

    /** Users with a pbkdf2-sha256 hash of one iteration, in the format Keycloak's own provider writes. */
    private static List<String> stockUsers(AdminApi admin, String realm) throws Exception {
        byte[] salt = salt();
        byte[] derived = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new javax.crypto.spec.PBEKeySpec(PASSWORD.toCharArray(), salt, 1, 256)).getEncoded();
        List<Map<String, Object>> representations = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < USERS_PER_COST; i++) {
            String email = "load-pbkdf2x1-" + i + "@example.com";
            names.add(email);
            representations.add(Map.of("username", email, "email", email, "enabled", true, "emailVerified", true,
                    "credentials", List.of(Map.of("type", "password",
                            "credentialData", Json.write(Map.of("algorithm", "pbkdf2-sha256", "hashIterations", 1,
                                    "additionalParameters", Map.of())),
                            "secretData", Json.write(Map.of("value", java.util.Base64.getEncoder().encodeToString(derived),
                                    "salt", java.util.Base64.getEncoder().encodeToString(salt), "additionalParameters", Map.of()))))));
        }
        admin.partialImport(realm, Map.of("users", representations, "ifResourceExists", "FAIL"));
        return names;
    }

    /** {@code logins} right-password logins from {@code threads} client threads, users taken in turn. */
    private static Level run(RealmLogin login, List<String> users, int threads, int logins) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[logins];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < logins; i = next.getAndIncrement()) {
                    long begin = System.nanoTime();
                    int status = login.passwordGrant(CLIENT, users.get(i % users.size()), PASSWORD).statusCode();
                    latencies[i] = System.nanoTime() - begin;
                    if (status != 200) {
                        throw new IllegalStateException("login " + i + " answered " + status);
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Level(users.get(0).split("-")[1], threads, logins, seconds,
                sorted[logins / 2] / 1e6, sorted[(int) Math.min(logins - 1, Math.ceil(logins * 0.95) - 1)] / 1e6);
    }

    private static double verifyMillis(String hash, int runs) {
        byte[] password = PASSWORD.getBytes(StandardCharsets.UTF_8);
        OpenBSDBCrypt.checkPassword(hash, password);
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long begin = System.nanoTime();
            assertThat(OpenBSDBCrypt.checkPassword(hash, password)).isTrue();
            times[i] = System.nanoTime() - begin;
        }
        Arrays.sort(times);
        return times[runs / 2] / 1e6;
    }

    private static double parallelVerifiesPerSecond(String hash, int threads, int verifies) throws Exception {
        byte[] password = PASSWORD.getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (next.getAndIncrement() < verifies) {
                    OpenBSDBCrypt.checkPassword(hash, password);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return verifies / seconds;
    }

    private static byte[] salt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return salt;
    }
}

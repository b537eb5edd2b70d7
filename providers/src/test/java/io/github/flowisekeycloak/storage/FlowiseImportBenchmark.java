package io.github.flowisekeycloak.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flowisekeycloak.testing.AdminApi;
import io.github.flowisekeycloak.testing.KeycloakServer;
import io.github.flowisekeycloak.testing.WithKeycloak;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark of the bulk import (not part of {@code mvn verify}: the name does not end in IT).
 * Imports generated Flowise users from PostgreSQL into the real Keycloak, once per size, and prints
 * rows per second and the heap peak the import logged; the smallest size is the baseline the
 * others are compared with. Run:
 * <pre>
 * mvn -pl providers verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=FlowiseImportBenchmark [-Dbenchmark.sizes=1000,10000,100000]
 * </pre>
 *
 * <p>This machine's PostgreSQL runs with {@code autovacuum=off}, so Keycloak's tables would keep the
 * statistics of an empty database while the import fills them: the planner then answers Keycloak's
 * lookup by email through an index of the whole realm, each lookup slower than the last. A
 * production PostgreSQL analyses growing tables by itself; the benchmark does the same, every 30
 * seconds, so it measures the import and not the missing autovacuum.
 *
 * <p>A sync runs inside the admin request's transaction, which Keycloak aborts after 300 s (Quarkus'
 * default transaction timeout): the users of a longer import are all committed (batches have
 * transactions of their own) but the call answers 400 "UnknownError" (measured with 100,000 rows, 635 s at the time).
 * The server here gets an hour, as the README tells operators to do for large imports.
 */
@WithKeycloak(env = "JAVA_OPTS_APPEND=-Dquarkus.transaction-manager.default-transaction-timeout=3600")
class FlowiseImportBenchmark {

    private static final Pattern DONE = Pattern.compile(
            "done in ([0-9.]+) s \\(([0-9]+) rows/s, heap peak ([0-9]+) MiB\\)");

    record Run(int rows, double seconds, long rowsPerSecond, long heapPeakMiB) {
    }

    @Test
    void importSpeedAndHeap(KeycloakServer server) throws Exception {
        AdminApi admin = new AdminApi(server);
        FlowiseComponents components = new FlowiseComponents(admin, "flowise");
        List<Run> runs = new ArrayList<>();
        for (String size : System.getProperty("benchmark.sizes", "1000,10000").split(",")) {
            int rows = Integer.parseInt(size.trim());
            try (PostgresFlowiseDb db = new PostgresFlowiseDb("bench" + rows)) {
                db.generateUsers(rows, "bench" + rows + ".example.com", AbstractFlowiseStorageIT.HORSE_10);
                String id = components.add("flowise-bench-" + rows, db.componentConfig());
                try {
                    int mark = server.logMark();
                    JsonNode result;
                    try (AutoAnalyze ignored = new AutoAnalyze(server)) {
                        result = components.syncAll(id);
                    }
                    assertThat(result.get("added").asInt()).isEqualTo(rows);
                    Matcher m = DONE.matcher(server.logSince(mark));
                    assertThat(m.find()).as("the import's summary line").isTrue();
                    runs.add(new Run(rows, Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
                } finally {
                    components.remove(id);
                }
            }
        }
        Run base = runs.get(0);
        StringBuilder table = new StringBuilder("\nFlowise bulk import benchmark (PostgreSQL -> Keycloak 26.5.5 on PostgreSQL)\n")
                .append(String.format("%10s %10s %12s %10s %16s %12s%n", "rows", "seconds", "rows/s", "heap MiB", "rows/s vs base", "heap vs base"));
        for (Run r : runs) {
            table.append(String.format("%10d %10.1f %12d %10d %16.2f %12.2f%n", r.rows(), r.seconds(), r.rowsPerSecond(),
                    r.heapPeakMiB(), (double) r.rowsPerSecond() / base.rowsPerSecond(), (double) r.heapPeakMiB() / base.heapPeakMiB()));
        }
        System.out.println(table);
    }

    /** Stands in for PostgreSQL's autovacuum (off on this machine): analyses Keycloak's database every 30 s. */
    private static final class AutoAnalyze implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        AutoAnalyze(KeycloakServer server) {
            timer.scheduleWithFixedDelay(() -> {
                try (Connection c = server.database().connect(); Statement st = c.createStatement()) {
                    st.execute("ANALYZE");
                } catch (Exception e) {
                    System.err.println("ANALYZE of Keycloak's database failed: " + e);
                }
            }, 30, 30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}

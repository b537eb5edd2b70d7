package io.github.flowisekeycloak.storage;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.user.SynchronizationResult;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * "Sync all users": streams Flowise's active users and migrates them in batches, one Keycloak
 * transaction per batch, so memory stays bounded by the batch size whatever the table holds.
 * Running it again adds nothing: users Keycloak already has are left as they are.
 */
final class FlowiseBulkImport {

    static final int BATCH_SIZE = 50;
    static final int PROGRESS_EVERY = 1000;

    private static final Logger LOG = Logger.getLogger(FlowiseBulkImport.class);

    private final KeycloakSessionFactory sessionFactory;
    private final String realmId;
    private final UserStorageProviderModel model;
    private final ConnectionPool pool;
    private final SynchronizationResult result = new SynchronizationResult();
    private final List<FlowiseUser> batch = new ArrayList<>(BATCH_SIZE);
    private int read;
    private int unchanged;

    FlowiseBulkImport(KeycloakSessionFactory sessionFactory, String realmId, UserStorageProviderModel model, ConnectionPool pool) {
        this.sessionFactory = sessionFactory;
        this.realmId = realmId;
        this.model = model;
        this.pool = pool;
    }

    SynchronizationResult run() {
        resetHeapPeaks();
        long start = System.nanoTime();
        LOG.infof("Flowise import '%s' into realm %s: reading %s", model.getName(), realmId, pool.config().describe());
        try {
            new FlowiseUserDirectory(pool).forEachActive(row -> {
                batch.add(row);
                read++;
                if (batch.size() == BATCH_SIZE) {
                    flush();
                }
                if (read % PROGRESS_EVERY == 0) {
                    progress("progress");
                }
            });
            flush();
        } catch (SQLException | RuntimeException e) {
            flush();
            LOG.errorf("Flowise import '%s' stopped after %d rows: %s", model.getName(), read, ThrottledWarning.describe(e));
            result.increaseFailed();
            return result;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress(String.format(java.util.Locale.ROOT, "done in %.1f s (%.0f rows/s, heap peak %d MiB)", seconds,
                read / Math.max(seconds, 1e-9), heapPeakBytes() >> 20));
        return result;
    }

    /** The JVM-wide heap peak is only a witness of bounded memory: other requests share the heap. */
    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private void progress(String what) {
        LOG.infof("Flowise import '%s' %s: %d rows read, %d added, %d completed, %d already in Keycloak, %d failed",
                model.getName(), what, read, result.getAdded(), result.getUpdated(), unchanged, result.getFailed());
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<FlowiseUser> rows = List.copyOf(batch);
        batch.clear();
        try {
            List<FlowiseMigration.Outcome> outcomes = new ArrayList<>(rows.size());
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                session.getContext().setRealm(realm);
                for (FlowiseUser row : rows) {
                    outcomes.add(FlowiseMigration.importRow(session, realm, model.getId(), row));
                }
            });
            outcomes.forEach(this::count);
        } catch (RuntimeException batchFailed) {
            // One bad row (say, an address Keycloak already holds under another username) must not sink its batch.
            for (FlowiseUser row : rows) {
                importAlone(row);
            }
        }
    }

    private void importAlone(FlowiseUser row) {
        try {
            FlowiseMigration.Outcome[] outcome = new FlowiseMigration.Outcome[1];
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                session.getContext().setRealm(realm);
                outcome[0] = FlowiseMigration.importRow(session, realm, model.getId(), row);
            });
            count(outcome[0]);
        } catch (RuntimeException e) {
            result.increaseFailed();
            LOG.warnf("Flowise import '%s': user %s not imported: %s", model.getName(), row.id(), ThrottledWarning.describe(e));
        }
    }

    private void count(FlowiseMigration.Outcome outcome) {
        switch (outcome) {
            case ADDED -> result.increaseAdded();
            case UPDATED -> result.increaseUpdated();
            case UNCHANGED -> unchanged++;
        }
    }
}

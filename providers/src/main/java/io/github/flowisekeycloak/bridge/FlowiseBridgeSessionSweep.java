package io.github.flowisekeycloak.bridge;

import io.github.flowisekeycloak.realm.FlowiseRealmSettingsFactory;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

import java.util.List;

/**
 * Every interval, on one node of the cluster (Keycloak's cluster-aware task runner, keyed by this
 * class's name): removes the Flowise sessions the bridge wrote whose Keycloak session is gone,
 * signed out, expired (idle or maximum), or whose user was disabled. Flowise's stores slide a
 * session's expiry on every request, so this is what makes a bridged session end with its
 * Keycloak session even when no event announced the end.
 */
final class FlowiseBridgeSessionSweep implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(FlowiseBridgeSessionSweep.class);

    private final BridgeConfig config;

    FlowiseBridgeSessionSweep(BridgeConfig config) {
        this.config = config;
    }

    @Override
    public void run(KeycloakSession session) {
        List<RealmModel> realms = session.realms().getRealmsStream()
                .filter(realm -> "true".equals(realm.getAttribute(FlowiseRealmSettingsFactory.MANAGED_ATTRIBUTE)))
                .toList();
        for (RealmModel realm : realms) {
            try {
                session.getContext().setRealm(realm);
                int removed = new BridgedSessions(session, config).sweep(realm);
                if (removed > 0) {
                    LOG.debugf("Flowise bridge sweep: realm '%s': %d ended session(s) removed from Flowise's store", realm.getName(), removed);
                }
            } catch (SessionStoreException e) {
                LOG.warnf("Flowise bridge sweep: realm '%s': %s", realm.getName(), e.describe());
            } catch (BridgeTarget.Unavailable e) {
                LOG.debugf("Flowise bridge sweep: realm '%s' not bridged: %s", realm.getName(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf(e, "Flowise bridge sweep: realm '%s' failed", realm.getName());
            }
        }
    }
}
